import { describe, expect, it } from "vitest";
import { planChannel, touchesChannel } from "@/lib/notify/plan";
import type { AnnouncedState, ChannelRule, TouchedParts } from "@/lib/notify/types";
import { containerCause, incidentWith, T } from "../../support/notify-incidents";

// The reconciler: one message per incident event, `changed` only for a different set of root causes and at most
// once per minIntervalMs (merged), `resolved` always for an announced incident, never anything twice.

const RULE: ChannelRule = { name: "ops", type: "webhook", on: ["opened", "changed", "resolved"], minStatus: "degraded" };
const PARTS: TouchedParts = { containers: ["auren-api"], dashboards: [], jobs: [] };
const MIN = 60_000;
const api = containerCause("auren-api");
const db = containerCause("auren-db");

/** Runs the planner as the watcher does, round after round, feeding back what was announced. */
function rounds(steps: { at: number; incident: ReturnType<typeof incidentWith> }[], rule = RULE) {
  let announced: AnnouncedState | null = null;
  const events: string[] = [];
  for (const step of steps) {
    const plan = planChannel(step.incident, rule, announced, PARTS, T(step.at), MIN);
    if (!plan) continue;
    announced = plan.next;
    if (plan.event) events.push(`${step.at}:${plan.event}#${plan.next.sequence}`);
  }
  return { events, announced };
}

describe("planChannel", () => {
  it("announces an open incident once, however many rounds see it, and its end once", () => {
    const open = incidentWith([api]);
    const resolved = incidentWith([{ ...api, active: false }], { status: "resolved", resolvedAt: T(30).toISOString() });
    const { events } = rounds([
      { at: 0, incident: open },
      { at: 1, incident: open },
      { at: 2, incident: open },
      { at: 30, incident: resolved },
      { at: 31, incident: resolved },
    ]);
    expect(events).toEqual(["0:opened#1", "30:resolved#2"]);
  });

  it("sends changed only when the set of root causes changes, at most once per interval, merging what changed meanwhile", () => {
    const errorTextChanged = incidentWith([{ ...api, params: { container: "auren-api", exitCode: 1 } }]);
    const { events, announced } = rounds([
      { at: 0, incident: incidentWith([api]) },
      { at: 5, incident: errorTextChanged },
      { at: 10, incident: incidentWith([api, db]) },
      { at: 20, incident: incidentWith([api, db, containerCause("auren-worker")]) },
      { at: 61, incident: incidentWith([api, db, containerCause("auren-worker")]) },
      { at: 62, incident: incidentWith([api, db, containerCause("auren-worker")]) },
    ]);
    expect(events).toEqual(["0:opened#1", "61:changed#2"]);
    expect(announced?.causeKeys).toEqual([
      "container-exited local/auren-api",
      "container-exited local/auren-db",
      "container-exited local/auren-worker",
    ]);
  });

  it("never announces an incident that resolved before it was told (a channel's level not reached, or held)", () => {
    const resolved = incidentWith([{ ...api, active: false }], { status: "resolved" });
    expect(planChannel(resolved, RULE, null, PARTS, T(0), MIN)).toBeNull();
  });

  it("a `down` channel hears opened when the incident first reaches down", () => {
    const rule: ChannelRule = { ...RULE, minStatus: "down" };
    const { events } = rounds(
      [
        { at: 0, incident: incidentWith([api], { worstStatus: "degraded" }) },
        { at: 5, incident: incidentWith([api], { worstStatus: "down" }) },
      ],
      rule,
    );
    expect(events).toEqual(["5:opened#1"]);
  });

  it("acknowledged is sent only to channels that ask for it; resolved still follows", () => {
    const acked = incidentWith([api], { acknowledgedAt: T(3).toISOString(), acknowledgedBy: "ops" });
    const end = incidentWith([{ ...api, active: false }], { status: "resolved", acknowledgedAt: T(3).toISOString() });
    const steps = [
      { at: 0, incident: incidentWith([api]) },
      { at: 4, incident: acked },
      { at: 5, incident: acked },
      { at: 9, incident: end },
    ];
    expect(rounds(steps).events).toEqual(["0:opened#1", "9:resolved#2"]);
    expect(rounds(steps, { ...RULE, on: ["opened", "acknowledged"] }).events).toEqual(["0:opened#1", "4:acknowledged#2", "9:resolved#3"]);
  });

  it("a channel without opened in `on` still hears resolved of an incident it followed", () => {
    const { events } = rounds(
      [
        { at: 0, incident: incidentWith([api]) },
        { at: 9, incident: incidentWith([{ ...api, active: false }], { status: "resolved" }) },
      ],
      { ...RULE, on: ["resolved"] },
    );
    expect(events).toEqual(["9:resolved#1"]);
  });

  it("`only` keeps a channel to incidents touching its containers, dashboards or jobs", () => {
    const only = (only: ChannelRule["only"]) =>
      touchesChannel({ ...RULE, only }, { containers: ["auren-api"], dashboards: ["d1"], jobs: ["fleet"] });
    expect(only(undefined)).toBe(true);
    expect(only({ containers: ["auren-db"] })).toBe(false);
    expect(only({ containers: ["auren-db"], jobs: ["fleet"] })).toBe(true);
    expect(only({ dashboards: ["d1"] })).toBe(true);
    expect(planChannel(incidentWith([api]), { ...RULE, only: { containers: ["auren-db"] } }, null, PARTS, T(0), MIN)).toBeNull();
  });
});
