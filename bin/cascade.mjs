#!/usr/bin/env node
// cascade – the command-line face of the board: `cascade serve` starts the web board, `cascade check` (see
// docs/cli.md) answers once for scripts. The TypeScript sources are loaded through tsx, so no separate build.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EXIT_BAD_CONFIG = 3;

function usage(code) {
  console.log(`usage: cascade serve [--config FILE]     serve the board on HOST:PORT (default 127.0.0.1:3000)
       cascade check [--config FILE] [--json]`);
  process.exit(code);
}

/** The one config loader (server/config/settings.ts), shared with the server and `cascade check`. */
async function loadSettingsOrExit(argv) {
  const { loadSettings } = await tsImport(path.join(root, "server/config/settings.ts"), import.meta.url);
  try {
    return loadSettings(argv);
  } catch (error) {
    // By name: tsImport may load load.ts's ConfigError class more than once, so instanceof is not reliable here.
    console.error(`cascade: ${error?.name === "ConfigError" ? error.message : String(error)}`);
    process.exit(EXIT_BAD_CONFIG);
  }
}

async function serve(argv) {
  const { configPath: file, config } = await loadSettingsOrExit(argv);
  let host = process.env.HOST || "127.0.0.1";
  if (config.auth.tokens.length === 0 && host !== "127.0.0.1") {
    console.error(
      `cascade: no auth.tokens in cascade.yaml, so the board binds to 127.0.0.1 only (not ${host}); configure tokens to serve other hosts`,
    );
    host = "127.0.0.1";
  }
  const port = process.env.PORT || "3000";
  const next = path.join(root, "node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [next, "start", "-H", host, "-p", port], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CASCADE_CONFIG: file },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [command, ...argv] = process.argv.slice(2);
if (command === "serve") await serve(argv);
else if (command === "check") {
  // server/ modules import "server-only", which only resolves under the react-server condition.
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "server/cli/check-main.ts"), ...argv],
    {
      cwd: process.cwd(),
      stdio: "inherit",
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
    },
  );
  child.on("exit", (code) => process.exit(code ?? 2));
} else usage(command === "--help" || command === "-h" ? 0 : 2);
