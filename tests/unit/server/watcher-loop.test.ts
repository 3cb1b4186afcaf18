import { afterEach, describe, expect, it, vi } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { cascadeMetrics } from "@/server/metrics/registry";
import { Watcher } from "@/server/watcher/watcher";

// The watcher's loop with a collection slower than its interval: never two at once, never a queue that grows, and
// what it skipped is counted. Fake timers stand in for the clock; the collections are real promises.

const board = { status: "ok" } as unknown as Diagnosis;

afterEach(() => vi.useRealTimers());

async function skippedTotal() {
  const metric = await cascadeMetrics().watcherSkipped.get();
  return metric.values.reduce((sum, value) => sum + value.value, 0);
}

describe("the watcher loop", () => {
  it("runs one collection at a time when each takes 3.5 intervals, and counts the triggers it merged", async () => {
    vi.useFakeTimers();
    let running = 0;
    let maxRunning = 0;
    let collections = 0;
    const watcher = new Watcher(async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      running -= 1;
      collections += 1;
      return board;
    }, 1_000);
    const skippedBefore = await skippedTotal();
    let emitEvent: () => unknown = () => undefined;
    watcher.start((onEvent) => {
      emitEvent = onEvent;
      return () => undefined;
    });
    for (let second = 0; second < 20; second += 1) {
      emitEvent(); // a Docker event every second on top of the interval
      await vi.advanceTimersByTimeAsync(1_000);
    }
    watcher.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(maxRunning).toBe(1);
    // 20 s of 3.5 s collections, back to back: at most 20 / 3.5 + the one in flight, never one per trigger.
    expect(collections).toBeGreaterThanOrEqual(5);
    expect(collections).toBeLessThanOrEqual(7);
    expect((await skippedTotal()) - skippedBefore).toBeGreaterThan(20);
    await expect(watcher.latestBoard()).resolves.toBe(board);
  });

  it("serves the latest board to any number of readers without collecting again", async () => {
    let collections = 0;
    const watcher = new Watcher(async () => {
      collections += 1;
      return board;
    }, 60_000);
    await Promise.all(Array.from({ length: 50 }, () => watcher.latestBoard()));
    await watcher.idle();
    expect(collections).toBe(1);
  });

  it("passes a failed collection on as an error, and keeps going", async () => {
    let calls = 0;
    const watcher = new Watcher(async () => {
      calls += 1;
      if (calls === 1) throw new Error("Docker did not answer");
      return board;
    }, 60_000);
    await expect(watcher.latestBoard()).rejects.toThrow("Docker did not answer");
    watcher.trigger("interval");
    await watcher.idle();
    await expect(watcher.latestBoard()).resolves.toBe(board);
  });
});
