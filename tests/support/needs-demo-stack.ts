import fs from "node:fs";
import { beforeAll, inject } from "vitest";
import { demo, docker } from "./demo-stack";

async function ensureDemoStack(): Promise<void> {
  const marker = inject("demoStackMarker");
  if (!marker || !fs.existsSync(marker)) {
    const running = await docker("ps", "-q", "--filter", "name=^auren-api$").catch(() => "");
    await demo("up");
    if (marker) fs.writeFileSync(marker, JSON.stringify({ broughtUp: running === "" }));
  }
  // Whatever the file before left behind (an incident, a stopped container), this file starts from a healthy stack.
  await demo("heal");
}

/**
 * A test file that needs the real demo stack calls this at its top level. The stack comes up once per run (the first
 * file that needs it pays), and is healed before each such file's first test, so no file depends on the one before.
 * Files that need no Docker do not call it and start at once. The teardown (tests/support/demo-stack-setup.ts)
 * removes the stack only if this run brought it up.
 */
export function needsDemoStack(): void {
  beforeAll(ensureDemoStack, 300_000);
}
