import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "@/lib/contracts/board";
import type { AuditEntry } from "@/lib/contracts/operations";
import { auditToTimeline, isActionTaken, withActionsOnTimeline } from "@/lib/timeline/actions-on-timeline";

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  time: "2026-05-04T10:00:05.000Z",
  actor: "otto",
  role: "operator",
  action: "container.start",
  subject: "auren-prometheus",
  requestId: "req-00000001",
  result: "ok",
  detail: null,
  ...overrides,
});

const died: TimelineEvent = { time: "2026-05-04T10:00:00.000Z", subject: "auren-prometheus", kind: "die", text: "exited", exitCode: 0 };

describe("actions taken on the timeline", () => {
  it("shows finished container actions with who did them and how they ended", () => {
    expect(
      auditToTimeline([entry({}), entry({ id: 2, action: "container.restart", result: "error", detail: "no such container" })]).map(
        (event) => [event.kind, event.text],
      ),
    ).toEqual([
      ["container.start", "start by otto: ok"],
      ["container.restart", "restart by otto: error (no such container)"],
    ]);
  });

  it("shows a Swarm service's actions as the service's, by its name", () => {
    const restarted = entry({ action: "service.restart", subject: "cascade-web" });
    const scaled = entry({ id: 2, action: "service.scale", subject: "cascade-web", result: "denied", detail: "at most 3" });
    expect(auditToTimeline([restarted, scaled]).map((event) => [event.subject, event.kind, event.text])).toEqual([
      ["cascade-web", "service.restart", "service restart by otto: ok"],
      ["cascade-web", "service.scale", "service scale by otto: denied (at most 3)"],
    ]);
  });

  it("leaves out actions still running and rows that are not actions on the stack", () => {
    const rows = [
      entry({ result: "started" }),
      entry({ action: "service.restart", result: "started" }),
      entry({ action: "session.create", subject: "otto" }),
      entry({ action: "snapshot.create", subject: "abc" }),
      entry({ action: "incident.acknowledge", subject: "abc" }),
    ];
    expect(auditToTimeline(rows)).toEqual([]);
    expect(rows.map(isActionTaken)).toEqual([false, false, false, false, false]);
    expect(isActionTaken(entry({ action: "service.scale" }))).toBe(true);
  });

  it("merges with Docker's events, newest first", () => {
    const later: TimelineEvent = { ...died, time: "2026-05-04T10:00:09.000Z", kind: "start", text: "started" };
    expect(withActionsOnTimeline([died, later], [entry({})]).map((event) => event.kind)).toEqual(["start", "container.start", "die"]);
  });
});
