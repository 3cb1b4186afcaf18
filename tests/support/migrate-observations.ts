// Brings the recorded observations (tests/fixtures/observations/*.json) to the current Observation shape without
// recording them again, so no fixture is edited by hand:
//
//   node --import tsx tests/support/migrate-observations.ts
//
// 2026-12 (issue 10): collecting only observes. A dashboard's `status`, `panelCounts` and `causes` are the
// diagnosis's roll-up (lib/diagnosis/dashboard-status.ts), no longer part of what was collected: they are dropped.
// Everything else is kept byte for byte (same key order, two-space JSON), and the result is checked against
// observationSchema before it is written.
import fs from "node:fs";
import path from "node:path";
import { observationSchema } from "@/lib/contracts/board";

const DIR = path.resolve(__dirname, "../fixtures/observations");
const ROLL_UP = ["status", "panelCounts", "causes"];

let changed = 0;
for (const file of fs
  .readdirSync(DIR)
  .filter((name) => name.endsWith(".json"))
  .sort()) {
  const full = path.join(DIR, file);
  const before = fs.readFileSync(full, "utf8");
  const observation = JSON.parse(before) as { dashboards?: Record<string, unknown>[] };
  observation.dashboards = (observation.dashboards ?? []).map((dashboard) =>
    Object.fromEntries(Object.entries(dashboard).filter(([key]) => !ROLL_UP.includes(key))),
  );
  observationSchema.parse(observation);
  const after = `${JSON.stringify(observation, null, 2)}\n`;
  if (after !== before) {
    fs.writeFileSync(full, after);
    changed += 1;
    console.log(`migrated ${file}`);
  }
}
console.log(`${changed} file(s) changed`);
