import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { demo, demoStackMarker } from "./demo-stack";

// The demo stack is a per-file need (needsDemoStack() in tests/support/demo-stack.ts): this setup only names the run's
// marker, and the teardown removes the stack if a file of this run brought it up. A stack someone was already running
// (npm run demo) is left running. Every project of the run shares the marker, so the first teardown removes it.
export function setup(project: TestProject) {
  const marker = demoStackMarker();
  // Every project's setup runs before any file does, so a marker left by a crashed run with the same pid goes here.
  fs.rmSync(marker, { force: true });
  project.provide("demoStackMarker", marker);
  return async () => {
    if (!fs.existsSync(marker)) return;
    const { broughtUp } = JSON.parse(fs.readFileSync(marker, "utf8")) as { broughtUp: boolean };
    fs.rmSync(marker, { force: true });
    if (broughtUp && process.env.CASCADE_KEEP_DEMO !== "1") await demo("remove");
  };
}
