import { describe, expect, it } from "vitest";
import type { ContainerView } from "@/lib/contracts/board";
import { describeContainerState } from "@/lib/format/container-status";
import { formatDuration, formatRelative, formatUtc } from "@/lib/format/relative-time";

const now = new Date("2025-01-28T04:33:00Z");

const base: ContainerView = {
  name: "auren-prometheus",
  id: "cf7b9555a456",
  image: "cascade-demo-base:latest",
  state: "running",
  exitCode: null,
  oomKilled: false,
  error: null,
  startedAt: "2025-01-28T04:30:00Z",
  finishedAt: null,
  restartCount: 0,
  restartPolicy: { name: "no", maximumRetryCount: 0 },
  health: null,
  logTail: [],
  reason: null,
};

describe("relative time", () => {
  it.each([
    [0, "0 seconds"],
    [1, "1 second"],
    [59, "59 seconds"],
    [60, "1 minute"],
    [22 * 60 + 30, "22 minutes"],
    [3600, "1 hour"],
    [7 * 3600, "7 hours"],
    [86_400 * 3, "3 days"],
  ])("formats %i s as %s", (seconds, text) => expect(formatDuration(seconds)).toBe(text));

  it("says ago and UTC time", () => {
    expect(formatRelative("2025-01-28T04:11:00Z", now)).toBe("22 minutes ago");
    expect(formatUtc("2025-01-28T04:11:00Z", now)).toBe("04:11 UTC");
    expect(formatUtc("2025-01-27T23:59:00Z", now)).toBe("2025-01-27 23:59 UTC");
    expect(formatRelative(null, now)).toBeNull();
    expect(formatRelative("not a date", now)).toBeNull();
  });
});

describe("describeContainerState", () => {
  it.each<[Partial<ContainerView>, string, string]>([
    [{}, "Up 3 minutes", "ok"],
    [{ state: "exited", exitCode: 0, finishedAt: "2025-01-28T04:11:00Z" }, "Exited (0) 22 minutes ago", "bad"],
    [
      { state: "exited", exitCode: 137, oomKilled: true, finishedAt: "2025-01-28T04:32:00Z" },
      "Exited (137, OOM-killed) 1 minute ago",
      "bad",
    ],
    [{ health: { status: "unhealthy", failingStreak: 3, lastOutput: "" } }, "Up 3 minutes (unhealthy)", "bad"],
    [{ state: "paused" }, "Paused", "warn"],
    [{ state: "missing", reason: "no container named x" }, "Missing: no such container", "bad"],
    [{ state: "unknown" }, "Unknown: Docker cannot be asked", "unknown"],
  ])("%o reads %s", (change, text, tone) => {
    expect(describeContainerState({ ...base, ...change }, now)).toEqual({ text, tone });
  });
});
