import path from "node:path";
import { defineConfig } from "vitest/config";

const root = __dirname;

// The real demo stack (fixed container names and ports) is shared: files that use it take turns. Projects with one
// worker and the default group order run in one sequential group after the unit tests, so integration and e2e files
// never overlap each other either. A file that needs the stack says so with needsDemoStack(); the others start at once.
const usesDemoStack = {
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 300_000,
  globalSetup: ["tests/support/demo-stack-setup.ts"],
};

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; under vitest every module is "server".
      "server-only": path.join(root, "tests/support/server-only-stub.ts"),
    },
  },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      // Real Docker, real Prometheus, real PostgreSQL (only Grafana is faked).
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"], ...usesDemoStack } },
      // The built board in real Chromium.
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], ...usesDemoStack } },
    ],
  },
});
