import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { collectYoungGarbageSoon } from "@/server/watcher/young-garbage";

// The watcher empties V8's young generation between collections when the server runs with --expose-gc.

describe("collectYoungGarbageSoon", () => {
  it("runs a minor GC after the delay, with V8's real gc", () => {
    // A child node with --expose-gc: the minor GC has to run (the trace prints one scavenge) and nothing may throw.
    const script = `
      const run = ${collectYoungGarbageSoon.toString()};
      const kept = []; for (let i = 0; i < 1e5; i++) kept.push({ i });
      console.log("scheduled", run(20, globalThis.gc));
      setTimeout(() => console.log("kept", kept.length), 200);`;
    const child = spawnSync(process.execPath, ["--expose-gc", "--trace-gc", "-e", script], { encoding: "utf8", timeout: 20_000 });
    expect(child.status).toBe(0);
    expect(child.stdout).toContain("scheduled true");
    expect(child.stdout).toMatch(/Scavenge[^\n]*testing/);
    expect(child.stdout).toContain("kept 100000");
  });

  it("does nothing without --expose-gc", () => {
    expect(collectYoungGarbageSoon(0, undefined)).toBe(false);
  });
});
