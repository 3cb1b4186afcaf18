import { describe, expect, it } from "vitest";
import { toTimelineEvent } from "@/server/upstreams/docker/events";

// Docker's own event JSON (GET /events), as the Engine sends it for a container.
const event = (action: string, attributes: Record<string, string> = {}, time: { time?: number; timeNano?: number } = {}) => ({
  Type: "container",
  Action: action,
  Actor: { ID: "4f1c", Attributes: { name: "auren-prometheus", image: "cascade-demo-base:latest", ...attributes } },
  time: 1_764_590_400,
  ...time,
});

describe("toTimelineEvent", () => {
  it.each<[string, Record<string, string>, string, string, number | null]>([
    ["die", { exitCode: "0" }, "die", "exited with code 0", 0],
    ["die", { exitCode: "137" }, "die", "exited with code 137", 137],
    ["die", {}, "die", "exited with code ?", null],
    ["kill", { signal: "15" }, "kill", "kill (signal 15)", null],
    ["oom", {}, "oom", "killed by the kernel: out of memory", null],
    ["start", {}, "start", "start", null],
    ["stop", {}, "stop", "stop", null],
    ["restart", {}, "restart", "restart", null],
    ["pause", {}, "pause", "pause", null],
    ["unpause", {}, "unpause", "unpause", null],
    ["create", {}, "create", "create", null],
    ["destroy", {}, "destroy", "destroy", null],
    ["health_status: unhealthy", {}, "health_status", "health check: unhealthy", null],
    ["health_status: healthy", {}, "health_status", "health check: healthy", null],
  ])("%s %o is a %s event: %s", (action, attributes, kind, text, exitCode) => {
    expect(toTimelineEvent(event(action, attributes))).toEqual({
      time: "2025-12-01T12:00:00.000Z",
      subject: "auren-prometheus",
      kind,
      text,
      exitCode,
    });
  });

  it.each(["exec_create: sh", "exec_start: sh", "exec_die", "attach", "resize", "top", "commit", "rename"])(
    "leaves out %s, which says nothing about the container's health",
    (action) => {
      expect(toTimelineEvent(event(action))).toBeNull();
    },
  );

  it("leaves out an event without a container name", () => {
    expect(toTimelineEvent({ Action: "die", Actor: { Attributes: { exitCode: "1" } }, time: 1 })).toBeNull();
    expect(toTimelineEvent({ Action: "die", time: 1 })).toBeNull();
  });

  it("keeps the nanosecond time when Docker sends it, else the second", () => {
    // Nanoseconds beyond a double's precision, as Docker sends them: the milliseconds survive.
    const timeNano = Number(1_764_590_400_123_000_000n);
    expect(toTimelineEvent(event("start", {}, { timeNano }))!.time).toBe("2025-12-01T12:00:00.123Z");
    expect(toTimelineEvent(event("start", {}, { time: 1_764_590_401 }))!.time).toBe("2025-12-01T12:00:01.000Z");
  });

  it("reads the action from the older `status` field when `Action` is absent", () => {
    const older = { status: "die", Actor: { Attributes: { name: "auren-api", exitCode: "2" } }, time: 1_764_590_400 };
    expect(toTimelineEvent(older)).toMatchObject({ subject: "auren-api", kind: "die", exitCode: 2 });
  });
});
