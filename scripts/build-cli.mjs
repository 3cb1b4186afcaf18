// Bundles the CLI's TypeScript (server/cli/entry.ts) into dist/cli.mjs, once, at build time: `cascade check` then
// starts in a fraction of a second instead of loading TypeScript through tsx on every run (cron, CI).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const unused = path.join(root, "scripts/cli-stubs/unused.cjs");

/**
 * zod re-exports its ~50 error-message locales (`z.locales`), which the bundle cannot drop although nothing uses them
 * (the CLI's words come from lib/messages): 300 KB of the bundle's 1 MB, parsed on every start. Only English stays.
 */
const onlyEnglishZod = {
  name: "only-english-zod",
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`)
        ? { path: path.join(args.resolveDir, args.path), namespace: "only-english-zod" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "only-english-zod" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [path.join(root, "server/cli/entry.ts")],
  outfile: path.join(root, "dist/cli.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // server/ modules import "server-only", which resolves to an empty module only under the react-server condition.
  conditions: ["react-server"],
  // What makes dockerode slow to load and the CLI never uses (see the stub).
  alias: { "@": root, ...Object.fromEntries(["ssh2", "@grpc/grpc-js", "@grpc/proto-loader", "protobufjs"].map((name) => [name, unused])) },
  // Native addons stay in node_modules (the image's standalone output ships them); the rest is bundled, since
  // resolving and reading hundreds of small files is most of a cold start.
  external: ["better-sqlite3", "pg", "pg-native", "cpu-features"],
  // Bundled CommonJS code calls require(): give the ES module one.
  banner: { js: 'import { createRequire as __cascadeRequire } from "node:module"; const require = __cascadeRequire(import.meta.url);' },
  plugins: [onlyEnglishZod],
  logLevel: "warning",
  legalComments: "none",
  // Smaller source is less to parse on every start.
  minify: true,
});
