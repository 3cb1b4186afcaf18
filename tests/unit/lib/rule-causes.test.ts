import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { boardSchema, type Observation, observationSchema } from "@/lib/contracts/board";
import type { Cause } from "@/lib/contracts/diagnosis";
import type { PrometheusRules } from "@/lib/contracts/prometheus-rules";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { ALERTS_PER_CAUSE } from "@/lib/diagnosis/rule-causes";
import { renderBoard } from "@/lib/messages";
import type { Locale } from "@/lib/messages/types";

// Prometheus's own rules and alerts, diagnosed from the observation recorded off a real Prometheus with a rule file
// (tests/fixtures/observations/rule-evaluation-failing.json) and variants of it: one change each, named in the case.

const FIXTURE = path.resolve(__dirname, "../../fixtures/observations/rule-evaluation-failing.json");
const recorded = observationSchema.parse(JSON.parse(fs.readFileSync(FIXTURE, "utf8")));
const copy = (): Observation => structuredClone(recorded);
const board = (observation: Observation, locale: Locale = "en") =>
  boardSchema.parse(renderBoard(diagnoseBoard(observation, new Date(observation.generatedAt)), locale));
const rulesOf = (observation: Observation): PrometheusRules => observation.prometheus!.rules!;
const key = (cause: Cause) => `${cause.kind} ${cause.subject}`;
const RULE = "rule-evaluation-failing /etc/prometheus/rules.yml#node-recording";
const find = (causes: Cause[], text: string) => causes.find((cause) => key(cause) === text);

/** The panel reading the failing rule's output, as if the rule had once worked: its series known, the query empty. */
function noDataVariant(): Observation {
  const observation = copy();
  for (const panel of observation.dashboards[0]!.panels) {
    if (!panel.title.startsWith("Load plus one")) continue;
    panel.status = "no-data";
    for (const query of panel.queries) Object.assign(query, { status: "no-data", missingMetrics: [], error: null, series: 0 });
  }
  return observation;
}

interface Case {
  name: string;
  observation: () => Observation;
  roots: string[];
  explained: string[];
  /** The root causes the dashboard names. */
  dashboardCauses: string[];
}

const cases: Case[] = [
  {
    name: "recorded: the failing group is a root; the panel reading its never-recorded output is explained by it",
    observation: copy,
    roots: ["target-down http://127.0.0.1:18899/metrics", RULE],
    explained: ["metric-family-missing node:load:plus1"],
    dashboardCauses: [RULE],
  },
  {
    name: "a panel reading the output of a rule that once worked, now empty, is explained by the rule",
    observation: noDataVariant,
    roots: ["target-down http://127.0.0.1:18899/metrics", RULE],
    explained: [],
    dashboardCauses: [RULE],
  },
  {
    name: "an old Prometheus that answers 404 on /api/v1/rules: no rule cause, the family is its own root",
    observation: () => {
      const observation = copy();
      observation.prometheus!.rules = {
        groups: [],
        groupsError: "rules not available: http://127.0.0.1:19197/api/v1/rules answered HTTP 404",
        alerts: [],
        alertsError: "alerts not available: http://127.0.0.1:19197/api/v1/alerts answered HTTP 404",
      };
      return observation;
    },
    roots: ["target-down http://127.0.0.1:18899/metrics", "metric-family-missing node:load:plus1"],
    explained: [],
    dashboardCauses: ["metric-family-missing node:load:plus1"],
  },
  {
    name: "a board stored before rules were collected (no prometheus.rules) diagnoses as before",
    observation: () => {
      const observation = copy();
      delete observation.prometheus!.rules;
      return observation;
    },
    roots: ["target-down http://127.0.0.1:18899/metrics", "metric-family-missing node:load:plus1"],
    explained: [],
    dashboardCauses: ["metric-family-missing node:load:plus1"],
  },
  {
    name: "the rule fixed: every group ok, no rule cause",
    observation: () => {
      const observation = copy();
      for (const group of rulesOf(observation).groups) {
        group.health = "ok";
        group.lastError = null;
        for (const rule of group.rules) Object.assign(rule, { health: "ok", lastError: null });
      }
      return observation;
    },
    roots: ["target-down http://127.0.0.1:18899/metrics", "metric-family-missing node:load:plus1"],
    explained: [],
    dashboardCauses: ["metric-family-missing node:load:plus1"],
  },
];

describe("rule-evaluation-failing on a recorded Prometheus with a rule file", () => {
  it.each(cases)("$name", ({ observation, roots, explained, dashboardCauses }) => {
    const rendered = board(observation());
    const causes = rendered.summary.causes;
    expect(causes.filter((cause) => cause.root).map(key)).toEqual(roots);
    expect(causes.filter((cause) => !cause.root).map(key)).toEqual(explained);
    for (const cause of causes.filter((candidate) => !candidate.root))
      expect(cause.explainedBy).toEqual({ kind: "rule-evaluation-failing", subject: "/etc/prometheus/rules.yml#node-recording" });
    expect(rendered.dashboards[0]!.causes.map((ref) => `${ref.kind} ${ref.subject}`)).toEqual(dashboardCauses);
    expect(rendered.status).toBe("degraded");
  });

  it("words the rule cause and the family it explains in English and German, from the same params", () => {
    const en = board(copy(), "en").summary;
    const de = board(copy(), "de").summary;
    expect(find(en.causes, RULE)!.title).toBe(
      "Prometheus fails to evaluate 1 rule of the group node-recording (/etc/prometheus/rules.yml).",
    );
    expect(find(de.causes, RULE)!.title).toBe(
      "Prometheus kann 1 Regel der Gruppe node-recording (/etc/prometheus/rules.yml) nicht auswerten.",
    );
    expect(find(en.causes, RULE)!.detail).toMatch(/^node:load:plus1: multiple matches for labels: many-to-one matching must be explicit/);
    const family = find(en.causes, "metric-family-missing node:load:plus1")!;
    expect(family.title).toBe("node:load:plus1, which 1 panel reads, is not recorded: the rule group node-recording that writes it fails.");
    expect(family.params.recordedBy).toBe("node-recording");
    expect(family.actions[0]!.label).toMatch(/^Fix the rule in \/etc\/prometheus\/rules.yml/);
    expect(en.headline).toBe(
      "The only dashboard is degraded: the scrape target http://127.0.0.1:18899/metrics is down and the rule group node-recording fails.",
    );
    expect(en.impact).toContain("1 rule group fails at evaluation: its recorded series and alerts are missing or stale.");
    expect(de.impact).toContain(
      "1 Regelgruppe scheitert bei der Auswertung: Ihre aufgezeichneten Serien und Alarme fehlen oder sind veraltet.",
    );
  });

  it("attaches a firing alert to the root cause its job and instance name, and never a pending one", () => {
    const causes = board(copy()).summary.causes;
    const alerts = (cause: Cause) => cause.evidence.filter((fact) => fact.label === "Firing alert").map((fact) => fact.value);
    expect(alerts(find(causes, "target-down http://127.0.0.1:18899/metrics")!)).toEqual([
      'TargetDown{instance="127.0.0.1:18899", job="orders-api", severity="critical"} since 2026-12-01T19:07:41.970994444Z',
    ]);
    // The Watchdog (no container/instance/job label) and the pending SlowBurn are evidence of nothing.
    expect(causes.flatMap(alerts).join("\n")).not.toMatch(/Watchdog|SlowBurn/);
  });

  it("attaches an alert by its container label to the container's cause, the root of what it explains", () => {
    const observation = copy();
    const prometheusContainer = observation.containers.find((container) => container.name === "cascade-rec-prometheus")!;
    Object.assign(prometheusContainer, { state: "exited", exitCode: 0, finishedAt: observation.generatedAt });
    observation.prometheus = { ...observation.prometheus!, reachable: false, ready: false, error: "connection refused" };
    const many = Array.from({ length: ALERTS_PER_CAUSE + 2 }, (_, index) => ({
      name: `PrometheusDown${index}`,
      labels: { alertname: `PrometheusDown${index}`, container: "cascade-rec-prometheus" },
      state: "firing" as const,
      activeAt: null,
      value: "1e+00",
      summary: null,
    }));
    rulesOf(observation).alerts = many;
    const causes = board(observation).summary.causes;
    const root = find(causes, "container-exited cascade-rec-prometheus")!;
    expect(root.root).toBe(true);
    expect(root.evidence.filter((fact) => fact.label === "Firing alert")).toHaveLength(ALERTS_PER_CAUSE);
    expect(root.evidence.find((fact) => fact.label === "More firing alerts")?.value).toBe("2");
    // Prometheus down: its rules cannot be judged, so no rule cause stands on stale data.
    expect(causes.some((cause) => cause.kind === "rule-evaluation-failing")).toBe(false);
  });
});
