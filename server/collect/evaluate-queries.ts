import "server-only";
import type { PanelQueryView } from "@/lib/contracts/board";
import type { PanelQuery } from "@/lib/dashboards/walk-dashboard";
import { extractMetricNames } from "@/lib/promql/metric-names";
import { recordUpstreamError } from "@/server/metrics/registry";
import { UpstreamError } from "@/server/upstreams/errors";
import { type InstantQueryResult, type PrometheusSettings, runInstantQuery } from "@/server/upstreams/prometheus/client";

export interface QueryTarget {
  settings: PrometheusSettings;
  /** Every metric name Prometheus knows, from the Prometheus probe running alongside; null when unknown. */
  metricNames: Promise<Set<string> | null>;
}

/**
 * Runs each distinct PromQL expression once per collection, however many panels repeat it, and judges it:
 * ok (data), no-data, missing-metric (a metric Prometheus has never seen), error (Prometheus rejected it),
 * unreachable (Prometheus cannot be queried), skipped (not a Prometheus query).
 */
export function createQueryEvaluator(prometheus: QueryTarget | null) {
  const runs = new Map<string, Promise<InstantQueryResult | UpstreamError>>();
  // Once Prometheus fails to answer at all (refused, timed out), the queries not yet sent fail the same way at once:
  // a hung Prometheus costs one deadline, not one per batch of queries.
  let unreachable: UpstreamError | null = null;
  const run = (expr: string) => {
    let pending = runs.get(expr);
    if (!pending) {
      pending = unreachable
        ? Promise.resolve(unreachable)
        : runInstantQuery(prometheus!.settings, expr).catch((error: unknown) => {
            const upstreamError = error instanceof UpstreamError ? error : new UpstreamError("prometheus", "network", String(error));
            recordUpstreamError("prometheus", upstreamError.kind);
            if (upstreamError.kind === "network" || upstreamError.kind === "timeout") unreachable ??= upstreamError;
            return upstreamError;
          });
      runs.set(expr, pending);
    }
    return pending;
  };

  return async function evaluate(query: PanelQuery): Promise<PanelQueryView> {
    const { metrics } = extractMetricNames(query.resolvedExpr);
    const view: PanelQueryView = {
      refId: query.refId,
      expr: query.expr,
      resolvedExpr: query.resolvedExpr,
      metrics,
      status: "skipped",
      missingMetrics: [],
      error: null,
      series: null,
    };
    if (query.skipReason) return { ...view, error: query.skipReason };
    if (query.hidden) return { ...view, error: "hidden in Grafana" };
    if (!prometheus) return { ...view, status: "unreachable", error: "no prometheus.url in cascade.yaml to run it against" };
    // Queries start at once, alongside the Prometheus probe: a Prometheus that is down fails them fast anyway.
    const result = await run(query.resolvedExpr);
    if (result instanceof UpstreamError)
      return { ...view, status: "unreachable", error: `Prometheus cannot be queried: ${result.message}` };
    if (result.kind === "error") {
      return { ...view, status: "error", error: `${result.errorType}: ${result.message}` };
    }
    if (result.series > 0) return { ...view, status: "ok", series: result.series };
    const known = await prometheus.metricNames;
    const missingMetrics = known ? metrics.filter((name) => !known.has(name)) : [];
    if (missingMetrics.length > 0) {
      return {
        ...view,
        status: "missing-metric",
        missingMetrics,
        series: 0,
        error: `Prometheus has never seen ${missingMetrics.join(", ")}`,
      };
    }
    return { ...view, status: "no-data", series: 0 };
  };
}
