import { describe, expect, it } from "vitest";
import { type CollectedCause, type CollectionVerdict, MAX_ROOT_CAUSES, trackCollection } from "@/lib/incidents/track";
import { emptyTracker, type IncidentEvent, type IncidentRecord, type TrackerState } from "@/lib/incidents/types";

// The incident rules over a sequence of collections: opens after openAfter bad ones, resolves after resolveAfter
// ok ones, a flap inside the window stays one incident, causes join and leave by kind and key.

const RULES = { openAfter: 2, resolveAfter: 3 };
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const at = (second: number) => new Date(T0 + second * 1000).toISOString();
const stopped: CollectedCause = {
  kind: "container-exited",
  key: "local/auren-prometheus",
  params: { container: "auren-prometheus", exitCode: 0 },
  since: at(-3),
};
const targetDown: CollectedCause = { kind: "target-down", key: "http://api:8000/metrics", params: { job: "api" }, since: null };

/** Runs the verdicts through the tracker like the watcher does, keeping the stored incidents and events. */
function run(verdicts: CollectionVerdict[]) {
  let tracker: TrackerState = emptyTracker();
  const incidents = new Map<string, IncidentRecord>();
  const events: IncidentEvent[] = [];
  let open: IncidentRecord | null = null;
  let ids = 0;
  for (const verdict of verdicts) {
    const result = trackCollection(tracker, open, verdict, RULES, () => `incident-${++ids}`);
    tracker = result.tracker;
    if (result.incident) {
      incidents.set(result.incident.id, result.incident);
      events.push(...result.events);
    }
    open = result.incident?.status === "open" ? result.incident : null;
  }
  return { incidents: [...incidents.values()], events, tracker };
}

const verdict = (second: number, status: CollectionVerdict["status"], causes: CollectedCause[] = []): CollectionVerdict => ({
  at: at(second),
  status,
  causes,
});

describe("incident tracking", () => {
  it("does not open on one bad collection", () => {
    expect(run([verdict(0, "down", [stopped]), verdict(1, "ok")]).incidents).toEqual([]);
  });

  it("opens after openAfter bad collections, with the earliest evidence as impact start, and resolves after resolveAfter ok ones", () => {
    const { incidents, events } = run([
      verdict(0, "ok"),
      verdict(1, "down", [stopped]),
      verdict(2, "down", [stopped]),
      verdict(3, "ok"),
      verdict(4, "ok"),
      verdict(5, "ok"),
    ]);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident).toMatchObject({
      status: "resolved",
      worstStatus: "down",
      impactStartedAt: at(-3),
      detectedAt: at(2),
      resolvedAt: at(5),
      title: { kind: "container-exited", status: "down" },
    });
    expect(incident!.rootCauses).toEqual([
      {
        kind: "container-exited",
        key: "local/auren-prometheus",
        params: stopped.params,
        firstSeenAt: at(2),
        lastSeenAt: at(2),
        active: false,
      },
    ]);
    expect(events.map((event) => event.kind)).toEqual([
      "status-changed",
      "opened",
      "cause-added",
      "status-changed",
      "cause-removed",
      "resolved",
    ]);
  });

  it("says where the status came from only when it saw it: ok before the streak, or nothing after a start during it", () => {
    const opened = (verdicts: CollectionVerdict[]) => run(verdicts).events.find((event) => event.kind === "status-changed")?.params ?? null;
    expect(opened([verdict(0, "degraded", [targetDown]), verdict(1, "down", [stopped]), verdict(2, "down", [stopped])])).toEqual({
      from: null,
      to: "down",
    });
    expect(opened([verdict(0, "ok"), verdict(1, "down", [stopped]), verdict(2, "down", [stopped])])).toEqual({ from: "ok", to: "down" });
  });

  it("keeps a stack that flaps inside the resolve window as one incident, and a returning cause keeps its first sighting", () => {
    const { incidents, events } = run([
      verdict(0, "down", [stopped]),
      verdict(1, "down", [stopped]),
      verdict(2, "ok"),
      verdict(3, "degraded", [stopped, targetDown]),
      verdict(4, "ok"),
      verdict(5, "ok"),
      verdict(6, "ok"),
      verdict(7, "ok"),
    ]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.rootCauses.map((cause) => [cause.key, cause.firstSeenAt, cause.lastSeenAt])).toEqual([
      ["local/auren-prometheus", at(1), at(3)],
      ["http://api:8000/metrics", at(3), at(3)],
    ]);
    expect(incidents[0]!.resolvedAt).toBe(at(6));
    expect(events.filter((event) => event.kind === "cause-added").map((event) => event.params.again)).toEqual([false, true, false]);
  });

  it("opens a new incident for the next bad period, and raises the worst status and title as it worsens", () => {
    const { incidents } = run([
      verdict(0, "degraded", [targetDown]),
      verdict(1, "degraded", [targetDown]),
      verdict(2, "down", [stopped, targetDown]),
      ...[3, 4, 5].map((second) => verdict(second, "ok")),
      verdict(6, "down", [stopped]),
      verdict(7, "down", [stopped]),
    ]);
    expect(incidents.map((incident) => [incident.id, incident.status, incident.worstStatus, incident.title.kind])).toEqual([
      ["incident-1", "resolved", "down", "container-exited"],
      ["incident-2", "open", "down", "container-exited"],
    ]);
  });

  it("records at most MAX_ROOT_CAUSES causes for thousands of flapping containers and says what it left out", () => {
    const many = Array.from({ length: 3000 }, (_, index) => ({ ...stopped, key: `local/c-${index}` }));
    const { incidents, events } = run([verdict(0, "down", many), verdict(1, "down", many)]);
    expect(incidents[0]!.rootCauses).toHaveLength(MAX_ROOT_CAUSES);
    expect(events.at(-1)).toMatchObject({ kind: "cause-added", params: { unrecorded: 3000 - MAX_ROOT_CAUSES } });
    expect(events.length).toBeLessThan(60);
  });
});

describe("an incident of a grouped cause", () => {
  it("is titled with the group's words, not one member's", async () => {
    const { renderIncident } = await import("@/lib/incidents/render-incident");
    const grouped: CollectedCause = {
      kind: "container-exited",
      key: "compose:fleet",
      params: { group: "compose:fleet", kind: "container-exited", by: "compose", name: "fleet", count: 20, exitCodes: ["3"] },
      since: at(-60),
    };
    const { incidents } = run([verdict(0, "degraded", [grouped]), verdict(1, "degraded", [grouped])]);
    const view = renderIncident(incidents[0]!, "en", new Date(at(2)));
    expect(view.title).toBe("20 containers of the Compose project fleet exited (exit 3).");
    expect(view.rootCauses[0]!.title).toBe(view.title);
  });
});
