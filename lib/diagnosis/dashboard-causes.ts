import { sameItems } from "@/lib/collections/same-items";
import type { DashboardObservation, DashboardView, MetricsEndpointView, Observation } from "@/lib/contracts/board";
import type { CauseKind, CauseRef } from "@/lib/contracts/diagnosis";
import type { ScrapeAttribution } from "./attribution";
import { causeKey } from "./group-causes";
import { endpointsOwning, familyOf } from "./ownership";
import { type Finding, type HypothesisFact, msg } from "./types";

// Causes found in what the dashboards read: metric families nobody exports, queries Prometheus rejects. Pure.

const ref = (cause: Finding): CauseRef => ({ kind: cause.kind, subject: cause.subject });

/** Families an endpoint should export but does not, and families panels read that Prometheus has never seen. */
export function diagnoseMissingFamilies(
  observation: Observation,
  endpointCauses: Finding[],
  ruleOutputs: Map<string, Finding> = new Map(),
): Finding[] {
  // With the same missing metrics read by the same panels, and the same endpoints, endpoint causes and failing rules,
  // the families are the ones found last time (1,700 on a busy host). A dashboard changes each time one of its queries
  // runs again (its `checkedAt`), but what it reads that is missing rarely does.
  const signature = familiesSignature(observation, endpointCauses, ruleOutputs);
  const reads = observation.dashboards.map(missingReadsOf);
  const last = lastFamilies;
  if (last && last.signature === signature && sameItems(last.reads, reads)) return last.causes;
  const causes = findMissingFamilies(observation, reads, endpointCauses, ruleOutputs);
  lastFamilies = { reads, signature, causes };
  return causes;
}

let lastFamilies: { reads: MissingReads[]; signature: string; causes: Finding[] } | null = null;

/** The missing metrics one dashboard's panels read, each with its panel ("Dashboard / Panel"), in panel order. */
interface MissingReads {
  key: string;
  reads: { metric: string; panel: string }[];
}
const NO_READS: MissingReads = { key: "", reads: [] };
/** By dashboard object (the collector keeps it while nothing on it changed), and by uid: an equal list is the same object. */
const readsOfDashboard = new WeakMap<DashboardObservation, MissingReads>();
const lastReadsByUid = new Map<string, MissingReads>();

function missingReadsOf(dashboard: DashboardObservation): MissingReads {
  if (dashboard.ignored !== undefined) return NO_READS;
  const known = readsOfDashboard.get(dashboard);
  if (known) return known;
  const reads: MissingReads["reads"] = [];
  for (const panel of dashboard.panels) {
    let label: string | null = null;
    for (const query of panel.queries)
      for (const metric of query.missingMetrics) {
        label ??= `${dashboard.title} / ${panel.title}`;
        reads.push({ metric, panel: label });
      }
  }
  const key = reads.map((read) => `${read.metric}\u0001${read.panel}`).join("\u0002");
  const previous = lastReadsByUid.get(dashboard.uid);
  const result = previous?.key === key ? previous : reads.length ? { key, reads } : NO_READS;
  if (lastReadsByUid.size > 100_000) lastReadsByUid.clear();
  lastReadsByUid.set(dashboard.uid, result);
  readsOfDashboard.set(dashboard, result);
  return result;
}

/** Everything but the dashboards that the missing families depend on, as one string. */
function familiesSignature(observation: Observation, endpointCauses: Finding[], ruleOutputs: Map<string, Finding>): string {
  const endpoints = observation.metricsEndpoints.map((endpoint) =>
    [
      endpoint.name,
      endpoint.url,
      endpoint.error,
      endpoint.missing.join(","),
      endpoint.expected.join(","),
      endpoint.families.join(","),
    ].join("\u0001"),
  );
  const causes = endpointCauses.map((cause) => `${cause.kind}\u0001${cause.subject}`);
  const rules = [...ruleOutputs].map(
    ([family, rule]) => `${family}\u0001${rule.subject}\u0001${rule.params.group}\u0001${rule.params.file}`,
  );
  return [...endpoints, "", ...causes, "", ...rules].join("\u0002");
}

function findMissingFamilies(
  observation: Observation,
  dashboardReads: MissingReads[],
  endpointCauses: Finding[],
  ruleOutputs: Map<string, Finding>,
): Finding[] {
  // A busy host has thousands of missing families (issue 11: 1,700): everything per family is a map read.
  const readers = new Map<string, { series: Set<string>; panels: string[] }>();
  const note = (metric: string, panel: string | null) => {
    const family = familyOf(metric);
    let entry = readers.get(family);
    if (!entry) {
      entry = { series: new Set<string>(), panels: [] };
      readers.set(family, entry);
    }
    entry.series.add(metric);
    if (panel) entry.panels.push(panel);
  };
  const expectedBy = new Map<string, MetricsEndpointView>();
  for (const endpoint of observation.metricsEndpoints) {
    if (endpoint.error !== null) continue;
    for (const metric of endpoint.missing) {
      note(metric, null);
      if (!expectedBy.has(metric)) expectedBy.set(metric, endpoint);
    }
  }
  for (const { reads } of dashboardReads) for (const read of reads) note(read.metric, read.panel);
  const causeOf = new Map(endpointCauses.map((cause) => [cause.subject, cause]));
  // Families by code unit, not localeCompare: metric names are ASCII, and ICU collation costs microseconds a pair.
  const families = [...readers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const current = new Map<string, { signature: string; cause: Finding }>();
  const causes = families.map((family): Finding => {
    const { series, panels } = readers.get(family)!;
    const read = [...series].sort();
    const owners = endpointsOwning(family, observation.metricsEndpoints);
    // A failing recording rule that writes it explains it before any exporter does: no exporter ever will.
    const failingRule =
      ruleOutputs.get(family) ?? (ruleOutputs.size ? read.map((metric) => ruleOutputs.get(metric)).find(Boolean) : undefined);
    const failingOwner = failingRule ?? owners.map((owner) => causeOf.get(owner.name)).find(Boolean);
    const exporter = owners[0];
    // Everything this family's cause says, as one string: the same as last time, the same cause object.
    const signature = [
      read.join(","),
      panels.length,
      panels.slice(0, 5).join("\u0001"),
      exporter ? `${exporter.name} ${exporter.url} ${exporter.families.length}` : "",
      expectedBy.get(family)?.name ?? "",
      failingOwner ? `${failingOwner.kind} ${failingOwner.subject}` : "",
      failingRule ? `${failingRule.params.group} ${failingRule.params.file}` : "",
    ].join("\u0002");
    const known = lastFamilyCauses.get(family);
    const cause = known?.signature === signature ? known.cause : familyCause();
    current.set(family, { signature, cause });
    return cause;

    function familyCause(): Finding {
      return {
        kind: "metric-family-missing",
        subject: family,
        params: {
          family,
          series: read,
          panels: panels.length,
          exporter: exporter?.name ?? null,
          exporterUrl: exporter?.url ?? null,
          expectedBy: expectedBy.get(family)?.name ?? null,
          ...(failingRule ? { recordedBy: failingRule.params.group ?? null } : {}),
        },
        since: null,
        root: failingOwner === undefined,
        explainedBy: failingOwner ? ref(failingOwner) : null,
        evidence: [
          { label: SERIES_READ, value: read.join(", ") },
          ...(exporter
            ? [{ label: msg("label.families-exported-by", { endpoint: exporter.name }), value: String(exporter.families.length) }]
            : []),
          ...panels.slice(0, 5).map((panel) => ({ label: PANEL, value: panel })),
        ],
        ...(failingRule ? recordedByFailingRule(failingRule) : exporterMissing(family, exporter?.name ?? null)),
      };
    }
  });
  lastFamilyCauses = current;
  return causes;
}

/** The cause of each missing family found last time, with its signature. */
let lastFamilyCauses = new Map<string, { signature: string; cause: Finding }>();

const SERIES_READ = msg("label.series-read");
const PANEL = msg("label.panel");
const RENAMED: HypothesisFact = { message: msg("hypothesis.renamed"), likelihood: "possible", evidence: [msg("fact.never-seen")] };

/** A family a failing recording rule writes: the rule is the fix, not an exporter. */
function recordedByFailingRule(rule: Finding): Pick<Finding, "hypotheses" | "actions"> {
  return {
    hypotheses: [
      {
        message: msg("hypothesis.recording-rule-fails", { group: rule.params.group ?? null }),
        likelihood: "likely",
        evidence: [msg("fact.cause", { kind: rule.kind, subject: rule.subject })],
      },
    ],
    actions: [{ kind: "advice", message: msg("action.fix-rule", { file: rule.params.file ?? null }), container: null, policy: null }],
  };
}

function exporterMissing(family: string, exporter: string | null): Pick<Finding, "hypotheses" | "actions"> {
  return {
    hypotheses: [
      {
        message: msg("hypothesis.not-implemented"),
        likelihood: "likely",
        evidence: [msg("fact.absent-from", { exporter })],
      },
      RENAMED,
    ],
    actions: [
      {
        kind: "advice",
        message: msg("action.export-family", { family, exporter }),
        container: null,
        policy: null,
      },
    ],
  };
}

export function diagnosePanelErrors(observation: Observation): Finding[] {
  return observation.dashboards.flatMap((dashboard): Finding[] => {
    if (dashboard.ignored !== undefined) return [];
    const failing = dashboard.panels.flatMap((panel) =>
      panel.queries.filter((query) => query.status === "error").map((query) => ({ panel, query })),
    );
    if (failing.length === 0) return [];
    return [
      {
        kind: "panel-query-error",
        subject: dashboard.uid,
        params: {
          dashboard: dashboard.uid,
          dashboardTitle: dashboard.title,
          queries: failing.length,
          failures: failing.map(({ panel, query }) => `${panel.title} (${query.refId}): ${query.error}`),
        },
        since: null,
        root: true,
        explainedBy: null,
        evidence: failing.slice(0, 5).flatMap(({ panel, query }) => [
          { label: msg("label.panel-query", { panel: panel.title, refId: query.refId }), value: query.resolvedExpr },
          { label: msg("label.prometheus-error"), value: query.error ?? "" },
        ]),
        hypotheses: [
          {
            message: msg("hypothesis.query-syntax"),
            likelihood: "likely",
            evidence: failing.slice(0, 3).map(({ query }) => msg("fact.text", { text: query.error ?? "" })),
          },
        ],
        actions: [
          { kind: "advice", message: msg("action.fix-queries", { dashboardTitle: dashboard.title }), container: null, policy: null },
        ],
      },
    ];
  });
}

export interface DashboardExplainer {
  /** Every cause before grouping, by causeKey. */
  byKey: Map<string, Finding>;
  /** A cause -> the root shown for it (a group when its root was folded into one). */
  rootOf: (cause: Finding) => Finding;
  /** Shown cause key -> its place in the list of causes. */
  position: Map<string, number>;
  scrapes: ScrapeAttribution;
  /** query -> the failing rule groups whose recorded series it reads. */
  rules: ScrapeAttribution;
  /** Prometheus unreachable or not ready, when it is. */
  prometheus: Finding | undefined;
}

/** For each dashboard, the root causes that explain its failing panels, in the order of the causes; linear. */
export function explainDashboards(dashboards: DashboardView[], explainer: DashboardExplainer): DashboardView[] {
  const { byKey, rootOf, position, scrapes, rules, prometheus } = explainer;
  const find = (kind: CauseKind, subject: string) => byKey.get(causeKey({ kind, subject }));
  return dashboards.map((dashboard) => {
    if (dashboard.status === "ok") return dashboard;
    const explaining = new Set<Finding>();
    const add = (cause: Finding | undefined) => {
      if (cause) explaining.add(rootOf(cause));
    };
    for (const panel of dashboard.panels) {
      if (panel.status === "unreachable") add(prometheus);
      if (panel.status === "error") add(find("panel-query-error", dashboard.uid));
      for (const query of panel.queries) {
        for (const metric of query.missingMetrics) add(find("metric-family-missing", familyOf(metric)));
        // An empty query while a scrape it can read from fails is most likely empty because of it.
        if (query.status === "no-data") for (const root of [...scrapes(query), ...rules(query)]) explaining.add(root);
      }
    }
    const at = (cause: Finding) => position.get(causeKey(cause)) ?? Number.MAX_SAFE_INTEGER;
    const roots = [...explaining].sort((a, b) => at(a) - at(b));
    return { ...dashboard, causes: roots.map(ref) };
  });
}
