import fs from "node:fs";
import { beforeAll, inject } from "vitest";
import { demo, docker } from "./demo-stack";

async function ensureDemoStack(): Promise<void> {
  const marker = inject("demoStackMarker");
  if (marker && fs.existsSync(marker)) return;
  const running = await docker("ps", "-q", "--filter", "name=^auren-api$").catch(() => "");
  await demo("up");
  await demo("heal");
  if (marker) fs.writeFileSync(marker, JSON.stringify({ broughtUp: running === "" }));
}

/**
 * A test file that needs the real demo stack calls this at its top level: the stack comes up healthy before the
 * file's first test, once per run (the first file that needs it pays; later files find it up). Files that need no
 * Docker do not call it and start at once. The teardown (tests/support/demo-stack-setup.ts) removes the stack only
 * if this run brought it up.
 */
export function needsDemoStack(): void {
  beforeAll(ensureDemoStack, 300_000);
}
