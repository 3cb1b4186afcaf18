import { describe, expect, it } from "vitest";
import type { IncidentRecord } from "@/lib/incidents/types";
import { incidentAlert, watchdogAlert } from "@/lib/notify/alertmanager";
import { afterSend, type ChannelState, emptyChannelState, planRound, type RoundInput } from "@/lib/notify/alertmanager-plan";

// The Alertmanager channel's rounds, pure, with an injected clock: one alert per open incident, resent each minute,
// ended when resolved and resent for five minutes, never created while a maintenance window holds the incident.

const T0 = Date.parse("2030-01-01T12:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const context = (seconds: number, publicUrl: string | null = "https://cascade.example.com/") => ({
  stack: "auren",
  publicUrl,
  now: at(seconds),
});
const incident = (overrides: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id: "inc-1",
  status: "open",
  title: { kind: "container-exited", params: { container: "auren-api", exitCode: 137 }, status: "down" },
  worstStatus: "down",
  impactStartedAt: at(-10).toISOString(),
  detectedAt: at(0).toISOString(),
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgeNote: null,
  resolvedAt: null,
  rootCauses: [
    {
      kind: "container-exited",
      key: "local/auren-api",
      params: { container: "auren-api", exitCode: 137 },
      firstSeenAt: at(0).toISOString(),
      lastSeenAt: at(0).toISOString(),
      active: true,
    },
  ],
  ...overrides,
});

function round(state: ChannelState, seconds: number, overrides: Partial<RoundInput> = {}) {
  const open = overrides.open === undefined ? incident() : overrides.open;
  const plan = planRound({
    state,
    open,
    currentStatus: "down",
    known: {},
    held: () => false,
    rules: { minStatus: "degraded" },
    context: context(seconds),
    ...overrides,
  });
  return { plan, next: afterSend(plan.next, { ok: true }, at(seconds)) };
}

describe("an incident as an Alertmanager alert", () => {
  it("has the documented labels, annotations and link", () => {
    const alert = incidentAlert(incident(), "down", context(0));
    expect(alert.labels).toEqual({
      alertname: "CascadeIncident",
      incident: "inc-1",
      severity: "critical",
      stack: "auren",
      root_kind: "container-exited",
      root_subject: "local/auren-api",
    });
    expect(alert.annotations.summary).toMatch(/auren-api/);
    expect(alert.annotations.description).toMatch(/^The stack is down\. Root causes: .*auren-api/);
    expect(alert.annotations.incident_url).toBe("https://cascade.example.com/incidents/inc-1");
    expect(alert.generatorURL).toBe("https://cascade.example.com/incidents/inc-1");
    expect(alert.startsAt).toBe(at(-10).toISOString());
    expect(alert.endsAt).toBe(at(240).toISOString());
    expect(incidentAlert(incident(), "degraded", context(0)).labels.severity).toBe("warning");
    const noLink = incidentAlert(incident(), "down", context(0, null));
    expect(noLink.generatorURL).toBeUndefined();
    expect(noLink.annotations.incident_url).toBeUndefined();
  });

  it("has a watchdog that always fires, a few intervals ahead", () => {
    const alert = watchdogAlert(context(0), 30_000, at(-100));
    expect(alert.labels).toEqual({ alertname: "CascadeWatchdog", severity: "none", stack: "auren" });
    expect(Date.parse(alert.endsAt)).toBe(at(90).getTime());
  });
});

describe("the rounds of an Alertmanager channel", () => {
  it("sends a new incident at once, then once a minute with endsAt four minutes ahead", () => {
    const first = round(emptyChannelState(), 0);
    expect(first.plan.alerts).toHaveLength(1);
    expect(round(first.next, 30).plan.alerts).toEqual([]);
    const minute = round(first.next, 60);
    expect(minute.plan.alerts).toHaveLength(1);
    expect(minute.plan.alerts[0]!.endsAt).toBe(at(300).toISOString());
  });

  it("sends the resolution with endsAt at the resolution, even after an acknowledgement, and for five minutes only", () => {
    let state = round(emptyChannelState(), 0).next;
    state = round(state, 10, { open: incident({ acknowledgedAt: at(5).toISOString(), acknowledgedBy: "ops" }) }).next;
    const resolved = incident({ status: "resolved", resolvedAt: at(20).toISOString(), acknowledgedAt: at(5).toISOString() });
    const first = round(state, 21, { open: null, known: { "inc-1": resolved } });
    expect(first.plan.alerts.map((alert) => [alert.labels.incident, alert.endsAt])).toEqual([["inc-1", at(20).toISOString()]]);
    state = first.next;
    expect(state.incidents["inc-1"]!.resolvedSentAt).toBe(at(21).toISOString());
    expect(round(state, 81, { open: null, known: { "inc-1": resolved } }).plan.alerts).toHaveLength(1);
    const after = round(state, 21 + 300, { open: null, known: { "inc-1": resolved } });
    expect(after.plan.alerts).toEqual([]);
    expect(after.next.incidents).toEqual({});
  });

  it("keeps retrying the resolution while Alertmanager refuses it", () => {
    let state = round(emptyChannelState(), 0).next;
    const resolved = incident({ status: "resolved", resolvedAt: at(20).toISOString() });
    for (let second = 21; second < 3_600; second += 5) {
      const plan = planRound({
        state,
        open: null,
        currentStatus: "ok",
        known: { "inc-1": resolved },
        held: () => false,
        rules: { minStatus: "degraded" },
        context: context(second),
      });
      expect(plan.alerts).toHaveLength(1);
      state = afterSend(plan.next, { ok: false, error: "connection refused" }, at(second));
    }
    expect(state.failures).toBeGreaterThan(700);
    expect(state.lastError).toBe("connection refused");
    const back = round(state, 3_600, { open: null, known: { "inc-1": resolved } });
    expect(back.plan.alerts).toHaveLength(1);
    expect(back.next.failures).toBe(0);
  });

  it("ends the old label set when the severity changes", () => {
    const state = round(emptyChannelState(), 0).next;
    const degraded = round(state, 5, { currentStatus: "degraded" });
    expect(degraded.plan.alerts.map((alert) => [alert.labels.severity, alert.endsAt])).toEqual([
      ["warning", at(245).toISOString()],
      ["critical", at(5).toISOString()],
    ]);
  });

  it("does not announce an incident below minStatus or outside only:, and announces it once it qualifies", () => {
    const degraded = incident({ worstStatus: "degraded" });
    expect(round(emptyChannelState(), 0, { open: degraded, rules: { minStatus: "down" } }).plan.alerts).toEqual([]);
    expect(round(emptyChannelState(), 0, { rules: { minStatus: "degraded", only: { containers: ["auren-web"] } } }).plan.alerts).toEqual(
      [],
    );
    expect(round(emptyChannelState(), 0, { rules: { minStatus: "down", only: { containers: ["auren-api"] } } }).plan.alerts).toHaveLength(
      1,
    );
  });

  it("creates no alert for a held incident, and keeps one announced before the window unchanged while it is held", () => {
    expect(round(emptyChannelState(), 0, { held: () => true }).plan.alerts).toEqual([]);
    const state = round(emptyChannelState(), 0).next;
    const resolved = incident({ status: "resolved", resolvedAt: at(20).toISOString() });
    const held = round(state, 70, { open: null, known: { "inc-1": resolved }, held: () => true });
    expect(held.plan.alerts.map((alert) => [alert.labels.severity, alert.endsAt])).toEqual([["critical", at(310).toISOString()]]);
    const ended = round(held.next, 80, { open: null, known: { "inc-1": resolved } });
    expect(ended.plan.alerts.map((alert) => alert.endsAt)).toEqual([at(20).toISOString()]);
  });
});
