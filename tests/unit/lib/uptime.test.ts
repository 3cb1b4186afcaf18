import { describe, expect, it } from "vitest";
import type { StateChange } from "@/lib/incidents/types";
import { dailyShares, partTimes, uptimeWindow } from "@/lib/uptime/uptime";

// Uptime is time-weighted from recorded changes; the time nobody watched is unknown and left out of the share.
// The clock is injected: windows of 90 days are computed without waiting for them.

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const change = (part: string, msAgo: number, state: StateChange["state"]): StateChange => ({ part, time: ago(msAgo), state });

describe("uptime", () => {
  it("is 2/3 for a container stopped 20 s of a 60 s window", () => {
    const changes = [
      change("container:local/api", 120_000, "ok"),
      change("container:local/api", 40_000, "down"),
      change("container:local/api", 20_000, "ok"),
    ];
    const window = uptimeWindow(changes, new Date(NOW.getTime() - 60_000), NOW, NOW);
    expect(window.containers.api).toBeCloseTo(2 / 3, 10);
  });

  it("leaves watcher gaps out over 90 days: one day down and one day unknown", () => {
    const changes = [
      change("stack", 200 * DAY, "ok"),
      change("stack", 50 * DAY, "down"),
      change("stack", 49 * DAY, "ok"),
      change("stack", 10 * DAY, "unknown"),
      change("stack", 9 * DAY, "ok"),
    ];
    const window = uptimeWindow(changes, new Date(NOW.getTime() - 90 * DAY), NOW, NOW);
    expect(window.unknownMs).toBe(DAY);
    expect(window.stack).toBeCloseTo(88 / 89, 12);
    const times = partTimes(changes, new Date(NOW.getTime() - 90 * DAY), NOW, NOW).get("stack")!;
    expect(times).toEqual({ okMs: 88 * DAY, downMs: DAY, unknownMs: DAY, maintenanceMs: 0 });
  });

  it("counts the time before the first record and after the last collection as unknown", () => {
    const changes = [change("stack", 6 * 3_600_000, "ok")];
    const window = uptimeWindow(changes, new Date(NOW.getTime() - DAY), NOW, new Date(NOW.getTime() - 3_600_000));
    expect(window.stack).toBe(1);
    expect(window.unknownMs).toBe(19 * 3_600_000);
  });

  it("has no share for a window nothing is known of", () => {
    expect(uptimeWindow([], new Date(NOW.getTime() - DAY), NOW, NOW)).toEqual({
      stack: null,
      containers: {},
      dashboards: {},
      unknownMs: DAY,
      maintenanceMs: 0,
    });
  });

  it("draws 90 daily shares, oldest first", () => {
    const changes = [change("stack", 100 * DAY, "ok"), change("stack", DAY / 2, "down")];
    const days = dailyShares(changes, "stack", 90, NOW, NOW);
    expect(days).toHaveLength(90);
    expect(days[0]).toBe(1);
    expect(days[89]).toBeCloseTo(0.5, 12);
  });
});
