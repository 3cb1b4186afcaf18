import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { alertsResponse, reshapeAlerts, reshapeRuleGroup, rulesResponse } from "@/server/upstreams/prometheus/rules-schemas";

// /api/v1/rules and /api/v1/alerts as a real Prometheus 2.42 answered them (tests/fixtures/prometheus, recorded off
// Debian's Prometheus with tests/support/rule-scenarios.ts's rule file), and the shapes an older or newer one may send.

const FIXTURES = path.resolve(__dirname, "../../fixtures/prometheus");
const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));

describe("the rules and alerts of a real Prometheus", () => {
  it("reads every group with its health, the failing rule's error, and the evaluation times", () => {
    const answer = rulesResponse.parse(read("rules"));
    if (answer.status !== "success") throw new Error("expected a success");
    const groups = answer.data.groups.map(reshapeRuleGroup);
    expect(groups.map((group) => [group.name, group.health])).toEqual([
      ["job-recording", "ok"],
      ["node-recording", "err"],
      ["stack-alerts", "ok"],
    ]);
    const failing = groups[1]!;
    expect(failing.lastError).toBe("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
    expect(failing.rules).toEqual([
      {
        name: "node:load:plus1",
        type: "recording",
        query: '{__name__=~"node_load.*"} + on () vector(1)',
        health: "err",
        lastError: failing.lastError,
      },
    ]);
    expect(failing.file).toMatch(/rules\.yml$/);
    expect(failing.interval).toBe(1);
    expect(failing.evaluationTime).toBeGreaterThan(0);
    expect(Date.parse(failing.lastEvaluation!)).not.toBeNaN();
    // An ok rule carries no lastError at all in Prometheus's answer: null here.
    expect(groups[0]!.rules[0]!.lastError).toBeNull();
    expect(groups[2]!.rules.map((rule) => [rule.name, rule.type])).toEqual([
      ["TargetDown", "alerting"],
      ["Watchdog", "alerting"],
      ["SlowBurn", "alerting"],
    ]);
  });

  it("reads the firing and pending alerts with their labels, activeAt, value and summary", () => {
    const answer = alertsResponse.parse(read("alerts"));
    if (answer.status !== "success") throw new Error("expected a success");
    const alerts = reshapeAlerts(answer.data.alerts);
    expect(alerts.map((alert) => `${alert.name}:${alert.state}`).sort()).toEqual([
      "SlowBurn:pending",
      "TargetDown:firing",
      "Watchdog:firing",
    ]);
    const down = alerts.find((alert) => alert.name === "TargetDown")!;
    expect(down).toMatchObject({ labels: { job: "orders-api", instance: "127.0.0.1:18898", severity: "critical" }, value: "0e+00" });
    expect(down.summary).toBe("A target is down");
    expect(alerts.find((alert) => alert.name === "SlowBurn")!.summary).toBeNull();
  });
});

describe("shapes of other Prometheus versions", () => {
  it("a group never evaluated: health unknown, Go's zero time read as never, no evaluation time", () => {
    const group = reshapeRuleGroup({
      name: "new",
      file: "/etc/prometheus/new.yml",
      rules: [{ name: "job:x:sum", query: "sum(x)", type: "recording", health: "unknown" }],
      lastEvaluation: "0001-01-01T00:00:00Z",
    });
    expect(group).toMatchObject({ health: "unknown", lastError: null, lastEvaluation: null, evaluationTime: null, interval: null });
  });

  it("an inactive alert (never listed by today's Prometheus) is dropped; an alert without activeAt keeps null", () => {
    const alerts = reshapeAlerts([
      { labels: { alertname: "Old" }, annotations: {}, state: "inactive" },
      { labels: { alertname: "Now" }, annotations: {}, state: "firing" },
    ]);
    expect(alerts).toEqual([{ name: "Now", labels: { alertname: "Now" }, state: "firing", activeAt: null, value: null, summary: null }]);
  });

  it("Prometheus's refusal is the error of the envelope, not a crash", () => {
    const answer = rulesResponse.parse({ status: "error", errorType: "unavailable", error: "rule manager not ready" });
    expect(answer).toEqual({ status: "error", errorType: "unavailable", error: "rule manager not ready" });
  });
});
