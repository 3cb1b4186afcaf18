import type { Observation } from "@/lib/contracts/board";
import type { Cause, CauseRef } from "@/lib/contracts/diagnosis";
import { endpointsOwning, familyOf } from "./ownership";
import { endpointLabel, plural } from "./words";

// Causes found in what the dashboards read: metric families nobody exports, queries Prometheus rejects. Pure.

const ref = (cause: Cause): CauseRef => ({ kind: cause.kind, subject: cause.subject });

/** Families an endpoint should export but does not, and families panels read that Prometheus has never seen. */
export function diagnoseMissingFamilies(observation: Observation, endpointCauses: Cause[]): Cause[] {
  const readers = new Map<string, { series: Set<string>; panels: string[] }>();
  const note = (metric: string, panel: string | null) => {
    const family = familyOf(metric);
    const entry = readers.get(family) ?? { series: new Set<string>(), panels: [] };
    entry.series.add(metric);
    if (panel) entry.panels.push(panel);
    readers.set(family, entry);
  };
  for (const endpoint of observation.metricsEndpoints)
    if (endpoint.error === null) endpoint.missing.forEach((metric) => note(metric, null));
  for (const dashboard of observation.dashboards) {
    for (const panel of dashboard.panels) {
      for (const query of panel.queries) query.missingMetrics.forEach((metric) => note(metric, `${dashboard.title} / ${panel.title}`));
    }
  }
  return [...readers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, { series, panels }]) => {
      const owners = endpointsOwning(family, observation.metricsEndpoints);
      const failingOwner = owners.map((owner) => endpointCauses.find((candidate) => candidate.subject === owner.name)).find(Boolean);
      const exporter = owners[0];
      return {
        kind: "metric-family-missing",
        subject: family,
        title: `No service exports ${family}${panels.length ? `, which ${plural(panels.length, "panel")} read${panels.length === 1 ? "s" : ""}` : ""}.`,
        detail: exporter
          ? `${endpointLabel(exporter.name)[0]!.toUpperCase()}${endpointLabel(exporter.name).slice(1)} (${exporter.url}) does not export it, and Prometheus has never seen it.`
          : "Prometheus has never seen it, and no watched endpoint exports it.",
        since: null,
        sinceText: null,
        root: failingOwner === undefined,
        explainedBy: failingOwner ? ref(failingOwner) : null,
        evidence: [
          { label: "Series read", value: [...series].sort().join(", ") },
          ...(exporter ? [{ label: "Families exported by " + exporter.name, value: String(exporter.families.length) }] : []),
          ...panels.slice(0, 5).map((panel) => ({ label: "Panel", value: panel })),
        ],
        hypotheses: [
          {
            text: "The metric is not implemented yet in the service's code",
            likelihood: "likely",
            evidence: [`absent from ${exporter ? exporter.name : "every watched endpoint"}`],
          },
          {
            text: "It was renamed, and the dashboard still uses the old name",
            likelihood: "possible",
            evidence: ["Prometheus has never seen the name"],
          },
        ],
        actions: [
          {
            kind: "advice",
            label: `Export ${family}${exporter ? ` from ${exporter.name}` : ""}, or change the panels that read it`,
            container: null,
            policy: null,
          },
        ],
      } satisfies Cause;
    });
}

export function diagnosePanelErrors(observation: Observation): Cause[] {
  return observation.dashboards.flatMap((dashboard): Cause[] => {
    const failing = dashboard.panels.flatMap((panel) =>
      panel.queries.filter((query) => query.status === "error").map((query) => ({ panel, query })),
    );
    if (failing.length === 0) return [];
    return [
      {
        kind: "panel-query-error",
        subject: dashboard.uid,
        title: `Prometheus rejects ${plural(failing.length, "query", "queries")} on the dashboard "${dashboard.title}".`,
        detail: failing.map(({ panel, query }) => `${panel.title} (${query.refId}): ${query.error}`).join("; "),
        since: null,
        sinceText: null,
        root: true,
        explainedBy: null,
        evidence: failing.slice(0, 5).flatMap(({ panel, query }) => [
          { label: `${panel.title} ${query.refId}`, value: query.resolvedExpr },
          { label: "Prometheus error", value: query.error ?? "" },
        ]),
        hypotheses: [
          {
            text: "The query has a syntax or type error, or a template variable did not resolve",
            likelihood: "likely",
            evidence: failing.slice(0, 3).map(({ query }) => query.error ?? ""),
          },
        ],
        actions: [{ kind: "advice", label: `Fix the queries in "${dashboard.title}"`, container: null, policy: null }],
      },
    ];
  });
}

/** For each dashboard, the root causes that explain its failing panels, in the order of `roots`. */
export function explainDashboards(observation: Observation, causes: Cause[], rootOf: (cause: Cause) => Cause): Observation["dashboards"] {
  const find = (kind: Cause["kind"], subject: string) => causes.find((cause) => cause.kind === kind && cause.subject === subject);
  const prometheusCause = causes.find((cause) => cause.kind === "prometheus-unreachable" || cause.kind === "prometheus-not-ready");
  const scrapeFailures = causes.filter((cause) => cause.kind === "target-down" || cause.kind.startsWith("metrics-endpoint-"));
  return observation.dashboards.map((dashboard) => {
    const explaining: Cause[] = [];
    for (const panel of dashboard.panels) {
      if (panel.status === "unreachable" && prometheusCause) explaining.push(prometheusCause);
      if (panel.status === "error")
        explaining.push(...[find("panel-query-error", dashboard.uid)].filter((cause): cause is Cause => !!cause));
      for (const query of panel.queries) {
        for (const metric of query.missingMetrics)
          explaining.push(...[find("metric-family-missing", familyOf(metric))].filter((cause): cause is Cause => !!cause));
      }
      // An empty panel while a scrape fails is most likely empty because of it.
      if (panel.status === "no-data") explaining.push(...scrapeFailures);
    }
    const roots = [...new Set(explaining.map(rootOf))].sort((a, b) => causes.indexOf(a) - causes.indexOf(b));
    return { ...dashboard, causes: dashboard.status === "ok" ? [] : roots.map(ref) };
  });
}
