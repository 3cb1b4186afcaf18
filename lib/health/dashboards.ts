import type { DashboardObservation, MetricsEndpointView, PanelView, PrometheusTarget, QueryStatus } from "@/lib/contracts/board";
import { endpointsOwning } from "@/lib/diagnosis/ownership";
import { plural } from "@/lib/format/text";
import { isReadable, matches, readSelectors } from "@/lib/promql/selectors";
import { dependsOnEndpoints, explainingEndpoint, type Verdict } from "./verify-steps";

// How a dashboard step is decided, panel by panel (pure):
//  - a panel that depends on a metrics endpoint whose step did not pass is "blocked": it reads a metric that endpoint
//    owns (`endpointsOwning`: by its families, its `expect` list or the metric's namespace), or its query selects
//    `job="<job>"` (or `=~`) of a target that is down because of that endpoint. Blocked panels neither pass nor fail
//    the step, even when they return data: Prometheus keeps answering with the last samples for up to 5 minutes
//    after a target stops answering (no staleness markers are written across a restart), so that data proves nothing.
//    Prometheus's own per-scrape series (`up`, `scrape_*`) are fresh even for a down target: `up{job="x"}` is judged
//    by its answer like any other query, and is blocked only when it fails.
//  - otherwise a panel with a query that is no-data, error or unreachable fails the step;
//  - a panel whose queries read a metric Prometheus has never seen (missing-metric) is a known gap, not a breakage:
//    named in the detail, it does not fail the step.
// Failed beats skipped (one unexplained failing panel fails the step), skipped beats passed.

export interface DashboardContext {
  /** Every metrics endpoint as the run saw it (families from its step, or only `expect` when it was not read). */
  endpoints: MetricsEndpointView[];
  /** Endpoints whose step failed or was skipped. */
  notPassed: Map<string, "failed" | "skipped">;
  targets: PrometheusTarget[];
}

/** Whether any selector of `expr` names a `job` label (with Prometheus's own grammar) that `job` satisfies. */
export function selectsJob(expr: string, job: string): boolean {
  return readSelectors(expr).some((selector) => {
    // A job matcher whose regex does not compile names no job.
    const onJob = selector.matchers.filter((matcher) => matcher.label === "job" && isReadable(matcher));
    return onJob.length > 0 && onJob.every((matcher) => matches(matcher, job));
  });
}

const FAILING: QueryStatus[] = ["no-data", "error", "unreachable"];
const isScrapeSeries = (metric: string) => metric === "up" || metric.startsWith("scrape_");

/** The endpoints (whose step did not pass) a panel depends on; empty when it depends on none. */
export function endpointsBehindPanel(panel: PanelView, context: DashboardContext): string[] {
  const names = new Set<string>();
  const downJobs = context.targets.flatMap((target) => {
    const endpoint = target.health === "up" ? null : explainingEndpoint(target, context.endpoints, context.notPassed);
    return endpoint ? [{ job: target.job, endpoint }] : [];
  });
  for (const query of panel.queries) {
    if (query.status === "skipped") continue;
    const exported = query.metrics.filter((metric) => !isScrapeSeries(metric));
    for (const metric of exported) {
      for (const owner of endpointsOwning(metric, context.endpoints)) if (context.notPassed.has(owner.name)) names.add(owner.name);
    }
    if (exported.length === 0 && !FAILING.includes(query.status)) continue;
    for (const { job, endpoint } of downJobs) if (selectsJob(query.resolvedExpr, job)) names.add(endpoint);
  }
  return [...names].sort();
}

function describeFailing(panel: PanelView): string {
  const query = panel.queries.find((candidate) => FAILING.includes(candidate.status))!;
  return `${panel.title} (${query.status}${query.error ? `: ${query.error}` : ""})`;
}

export function judgeDashboard(dashboard: DashboardObservation, context: DashboardContext): Verdict {
  if (dashboard.error) return { status: "failed", detail: `the dashboard cannot be read: ${dashboard.error}` };
  const panels = dashboard.panels.filter((panel) => panel.queries.some((query) => query.status !== "skipped"));
  if (panels.length === 0) return { status: "passed", detail: "no panel queries Prometheus" };
  const blocked: { panel: PanelView; endpoints: string[] }[] = [];
  const failing: PanelView[] = [];
  const gaps: PanelView[] = [];
  let ok = 0;
  for (const panel of panels) {
    const endpoints = endpointsBehindPanel(panel, context);
    if (endpoints.length > 0) blocked.push({ panel, endpoints });
    else if (panel.queries.some((query) => FAILING.includes(query.status))) failing.push(panel);
    else if (panel.queries.some((query) => query.status === "missing-metric")) gaps.push(panel);
    else ok += 1;
  }
  const gapNote = gaps.length
    ? `${plural(gaps.length, "panel")} read${gaps.length === 1 ? "s" : ""} metrics not exported yet: ${gaps
        .map((panel) => `${panel.title} (${[...new Set(panel.queries.flatMap((query) => query.missingMetrics))].join(", ")})`)
        .join("; ")}`
    : null;
  const blockedNote = blocked.length
    ? `${plural(blocked.length, "panel")} depend${blocked.length === 1 ? "s" : ""} on a failed endpoint: ${blocked.map(({ panel }) => panel.title).join(", ")}`
    : null;
  if (failing.length > 0) {
    const notes = [blockedNote, gapNote].filter(Boolean).join("; ");
    return {
      status: "failed",
      detail: `${plural(failing.length, "panel")} of ${panels.length} fail${failing.length === 1 ? "s" : ""}: ${failing.map(describeFailing).join("; ")}${notes ? `; ${notes}` : ""}`,
    };
  }
  if (blocked.length > 0) {
    const names = [...new Set(blocked.flatMap(({ endpoints }) => endpoints))].sort();
    const readers = `${plural(blocked.length, "panel")} of ${panels.length} read${blocked.length === 1 ? "s" : ""} its metrics (${blocked.map(({ panel }) => panel.title).join(", ")})`;
    return { status: "skipped", detail: `${dependsOnEndpoints(names, context.notPassed)}: ${readers}${gapNote ? `; ${gapNote}` : ""}` };
  }
  return { status: "passed", detail: `${ok} of ${panels.length} Prometheus panels return data${gapNote ? `; ${gapNote}` : ""}` };
}
