#!/usr/bin/env node
// cascade – the command-line face of the board: `cascade serve` starts the web board, `cascade check` (see
// docs/cli.md) answers once for scripts, `cascade init` writes a starting cascade.yaml. The TypeScript it needs is
// bundled ahead of time into dist/cli.mjs by `npm run build` (scripts/build-cli.mjs), so no TypeScript is compiled
// at run time (tsx is a dev dependency only).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EXIT_BAD_CONFIG = 3;

function usage(code) {
  console.log(`usage: cascade serve [--config FILE]     serve the board on HOST:PORT (default 127.0.0.1:3000)
       cascade check [--config FILE] [--json] [--lang de]
       cascade init [--engine unix:///var/run/docker.sock|tcp://HOST:PORT] [--dashboards DIR] [--out FILE] [--force]`);
  process.exit(code);
}

/** The bundled CLI (dist/cli.mjs, made by `npm run build`). */
async function loadCli() {
  const bundle = path.join(root, "dist/cli.mjs");
  if (!fs.existsSync(bundle)) {
    console.error(`cascade: ${bundle} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  return import(pathToFileURL(bundle).href);
}

/** The one config loader (server/config/settings.ts), shared with the server and `cascade check`. */
function loadSettingsOrExit(cli, argv) {
  try {
    return cli.loadSettings(argv);
  } catch (error) {
    console.error(`cascade: ${error?.name === "ConfigError" ? error.message : String(error)}`);
    process.exit(EXIT_BAD_CONFIG);
  }
}

/**
 * V8's young generation, larger than its 16 MB default: each collection of a busy host (issue 11: 500 containers,
 * 2,000 targets) allocates tens of MB that live until the next one, and with the default most collections stopped for
 * a scavenge that copied them (measured: the diagnosis alone 45 ms of CPU with the default, 23 ms with 32 MB). Costs
 * at most 2 x 16 MB more memory. NODE_OPTIONS can still override it.
 */
const SERVER_NODE_FLAGS = [
  ...((process.env.NODE_OPTIONS ?? "").includes("--max-semi-space-size") ? [] : ["--max-semi-space-size=32"]),
  // The watcher empties the young generation between two collections (server/watcher/young-garbage.ts).
  "--expose-gc",
];

/**
 * glibc's malloc keeps blocks up to 32 MB in the process instead of mapping and unmapping each one: every collection
 * of a busy host reads a 1 MB target list, and on a virtual machine the fresh pages of each new mapping cost more than
 * decoding it (measured: 5 ms against 0.05 ms for 1.15 MB). Ignored by other C libraries; the environment wins.
 */
const SERVER_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: "33554432", MALLOC_TRIM_THRESHOLD_: "67108864" };

/** The server to run: Next's standalone server.js in the image (or .next/standalone), else `next start`. */
function serverCommand(host, port) {
  if (fs.existsSync(path.join(root, "server.js"))) return { args: [path.join(root, "server.js")], cwd: root };
  return { args: [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", host, "-p", port], cwd: root };
}

async function serve(argv) {
  const { configPath: file, config } = loadSettingsOrExit(await loadCli(), argv);
  let host = process.env.HOST || "127.0.0.1";
  if (config.auth.tokens.length === 0 && host !== "127.0.0.1") {
    console.error(
      `cascade: no auth.tokens in cascade.yaml, so the board binds to 127.0.0.1 only (not ${host}); configure tokens to serve other hosts`,
    );
    host = "127.0.0.1";
  }
  const port = process.env.PORT || "3000";
  const { args, cwd } = serverCommand(host, port);
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...args], {
    cwd,
    stdio: "inherit",
    // HOSTNAME and PORT are what Next's standalone server.js reads.
    env: { ...SERVER_MALLOC_ENV, ...process.env, CASCADE_CONFIG: file, HOSTNAME: host, PORT: port },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * `check` and `init` answer once: the answer goes to stdout, the log (server/log) to stderr, silent unless LOG_LEVEL
 * asks for it. The collection leaves sockets (Docker events) open: exit with the command's code instead of waiting.
 */
async function runOnce(run, argv) {
  process.env.CASCADE_CLI = "1";
  const cli = await loadCli();
  const code = await cli[run](argv).catch((error) => {
    console.error(`cascade: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  });
  process.exit(code);
}

const [command, ...argv] = process.argv.slice(2);
if (command === "serve") await serve(argv);
else if (command === "check") await runOnce("runCheck", argv);
else if (command === "init") await runOnce("runInit", argv);
else usage(command === "--help" || command === "-h" ? 0 : 2);
