import { describe, expect, it } from "vitest";
import type { Observation } from "@/lib/contracts/board";
import { diagnoseMissingFamilies } from "@/lib/diagnosis/dashboard-causes";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { diagnoseTargets } from "@/lib/diagnosis/stack-causes";
import type { Finding } from "@/lib/diagnosis/types";
import { renderBoard } from "@/lib/messages";
import { scaleObservation } from "../../support/scale-observation";

// Issue 11: on a busy host most of what the collector hands over is the same object as last time (targets, dashboards);
// the diagnosis reuses the causes it made from them, and makes new ones as soon as anything they depend on changes.

const endpointCause = (name: string): Finding => ({
  kind: "metrics-endpoint-unreachable",
  subject: name,
  params: {},
  since: null,
  root: true,
  explainedBy: null,
  evidence: [],
  hypotheses: [],
  actions: [],
});

/** The generated host with ten panels reading families Prometheus has never seen (gone_0_total ... gone_9_total). */
function withMissingFamilies(): Observation {
  const observation = scaleObservation();
  const dashboards = observation.dashboards.map((dashboard, index) => {
    if (index >= 10) return dashboard;
    const [panel, ...rest] = dashboard.panels;
    const [query, ...others] = panel!.queries;
    const missing = { ...query!, status: "missing-metric" as const, missingMetrics: [`gone_${index}_total`] };
    return { ...dashboard, panels: [{ ...panel!, status: "missing-metric" as const, queries: [missing, ...others] }, ...rest] };
  });
  return { ...observation, dashboards };
}

describe("causes made from unchanged parts", () => {
  it("a target that is the same object gets the same cause; a changed one, or a new explanation, a new cause", () => {
    const observation = scaleObservation();
    const first = diagnoseTargets(observation, []);
    const again = diagnoseTargets({ ...observation }, []);
    expect(again).toHaveLength(first.length);
    expect(again.every((cause, index) => cause === first[index])).toBe(true);

    const targets = [...observation.prometheus!.targets];
    const index = targets.findIndex((target) => target.health === "down");
    targets[index] = { ...targets[index]!, lastError: "context deadline exceeded" };
    const changed = diagnoseTargets({ ...observation, prometheus: { ...observation.prometheus!, targets } }, []);
    const moved = changed.find((cause) => cause.subject === targets[index]!.scrapeUrl)!;
    expect(moved).not.toBe(first.find((cause) => cause.subject === targets[index]!.scrapeUrl));
    expect(moved.params.lastError).toBe("context deadline exceeded");
    expect(changed.filter((cause, at) => cause === first[at])).toHaveLength(first.length - 1);

    // The same target read through a watched endpoint that now fails: explained by it, so not the cached root cause.
    const target = targets[index]!;
    const endpoint = {
      ...(observation.metricsEndpoints[0] ?? {}),
      name: "api",
      url: target.scrapeUrl,
    } as Observation["metricsEndpoints"][number];
    const explained = diagnoseTargets(
      { ...observation, prometheus: { ...observation.prometheus!, targets }, metricsEndpoints: [{ ...endpoint, error: "down" }] },
      [endpointCause("api")],
    ).find((cause) => cause.subject === target.scrapeUrl)!;
    expect(explained).toMatchObject({ root: false, explainedBy: { kind: "metrics-endpoint-unreachable", subject: "api" } });
  });

  it("missing families are found again only when a dashboard, an endpoint or an explaining cause changed", () => {
    const observation = withMissingFamilies();
    const first = diagnoseMissingFamilies(observation, []);
    expect(first.map((cause) => cause.subject)).toEqual(Array.from({ length: 10 }, (_, index) => `gone_${index}_total`));
    expect(diagnoseMissingFamilies({ ...observation }, [])).toBe(first);

    // One panel query no longer misses its metric: a new dashboard object, so the families are found again.
    const dashboards = [...observation.dashboards];
    const at = dashboards.findIndex((dashboard) => dashboard.panels.some((panel) => panel.queries.some((q) => q.missingMetrics.length)));
    const dashboard = dashboards[at]!;
    const panels = dashboard.panels.map((panel) => ({
      ...panel,
      queries: panel.queries.map((query) => ({ ...query, missingMetrics: [], status: "ok" as const })),
    }));
    dashboards[at] = { ...dashboard, panels };
    const fewer = diagnoseMissingFamilies({ ...observation, dashboards }, []);
    expect(fewer).not.toBe(first);
    expect(fewer).toHaveLength(9);

    // Every dashboard a new object (a query of each ran again: a new checkedAt), the same missing metrics: the same causes.
    const rerun = dashboards.map((each) => ({
      ...each,
      panels: each.panels.map((panel) => ({
        ...panel,
        queries: panel.queries.map((query) => ({ ...query, checkedAt: "2026-12-02T01:00:00.000Z" })),
      })),
    }));
    expect(diagnoseMissingFamilies({ ...observation, dashboards: rerun }, [])).toBe(fewer);
    // A panel renamed: the family's cause names it, so the families are found again.
    const renamed = rerun.map((each) =>
      each.uid === dashboards[at + 1]!.uid
        ? { ...each, panels: each.panels.map((panel) => ({ ...panel, title: `${panel.title} (new)` })) }
        : each,
    );
    const afterRename = diagnoseMissingFamilies({ ...observation, dashboards: renamed }, []);
    expect(afterRename).not.toBe(fewer);
    expect(afterRename.some((cause) => cause.evidence.some((line) => String(line.value).endsWith("(new)")))).toBe(true);

    // Same dashboards, but a failing recording rule now writes one of the families: it explains that family.
    const family = fewer[0]!.subject;
    const rule: Finding = { ...endpointCause("rules.yml#g"), kind: "rule-evaluation-failing", params: { group: "g", file: "rules.yml" } };
    const withRule = diagnoseMissingFamilies({ ...observation, dashboards }, [], new Map([[family, rule]]));
    expect(withRule).not.toBe(fewer);
    expect(withRule.find((cause) => cause.subject === family)).toMatchObject({
      root: false,
      explainedBy: { kind: "rule-evaluation-failing", subject: "rules.yml#g" },
    });
  });

  it("a board diagnosed twice from the same parts says the same thing", () => {
    const observation = scaleObservation();
    const now = new Date(Date.parse(observation.generatedAt) + 60_000);
    const once = renderBoard(diagnoseBoard(observation, now));
    const twice = renderBoard(diagnoseBoard({ ...observation }, now));
    expect(twice).toEqual(once);
    expect(JSON.stringify(structuredClone(twice))).toBe(JSON.stringify(once));
  });
});
