// `cascade check` on the demo stack, five runs, median wall time (npm run bench; the stack must be up: npm run demo:up).
// The CLI is the prebuilt bundle (dist/cli.mjs), so this is what cron and CI pay per check.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runs = [];
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(root, "bin/cascade.mjs"), "check", "--config", path.join(root, "demo/cascade.yaml")],
    {
      encoding: "utf8",
    },
  );
  runs.push(performance.now() - started);
  if (result.status === null || result.status > 2) throw new Error(`cascade check failed (${result.status}): ${result.stderr}`);
}
const sorted = [...runs].sort((a, b) => a - b);
console.log(`cascade check on the demo stack: median ${Math.round(sorted[2])} ms over 5 runs (${runs.map(Math.round).join(", ")} ms)`);
