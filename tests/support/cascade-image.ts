import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./demo-stack";
import { buildNodeBase } from "./node-base";

export const CASCADE_TEST_IMAGE = "cascade-test:local";

/** Builds Dockerfile.runtime on the local node base from the host's `npm run build` output; returns its size. */
export function buildCascadeImage(): { tag: string; sizeBytes: number } {
  for (const built of [".next/standalone/server.js", ".next/static", "dist/cli.mjs"]) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const base = buildNodeBase(ROOT);
  execFileSync("docker", ["build", "-q", "-f", "Dockerfile.runtime", "--build-arg", `NODE_IMAGE=${base}`, "-t", CASCADE_TEST_IMAGE, "."], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const sizeBytes = Number(
    execFileSync("docker", ["image", "inspect", "-f", "{{.Size}}", CASCADE_TEST_IMAGE], { encoding: "utf8" }).trim(),
  );
  return { tag: CASCADE_TEST_IMAGE, sizeBytes };
}
