// What bin/cascade.mjs needs from the TypeScript sources, bundled ahead of time into dist/cli.mjs (scripts/build-cli.mjs),
// so `cascade check` and `cascade serve` start without compiling TypeScript on every run.
export { ConfigError } from "@/server/config/load";
export { loadSettings } from "@/server/config/settings";
export { runInit } from "@/server/init/run-init";
export { runCheck } from "./check";
