import "server-only";
import { sameItems } from "@/lib/collections/same-items";
import type { PanelQueryView } from "@/lib/contracts/board";
import type { PanelQuery } from "@/lib/dashboards/walk-dashboard";
import { extractMetricNames } from "@/lib/promql/metric-names";
import { recordUpstreamError } from "@/server/metrics/registry";
import type { UpstreamError } from "@/server/upstreams/errors";
import type { PrometheusSettings } from "@/server/upstreams/prometheus/client";
import { getQueryLedger, type LedgerEntry, type QueryBudget } from "./query-ledger";
import { forgetRound, runQueryRound } from "./query-round";

export interface QueryTarget {
  settings: PrometheusSettings;
  /** Every metric name Prometheus knows (one call), or why it could not be asked. */
  metricNames: Promise<{ names: Set<string> | null; error: UpstreamError | null }>;
  budget: QueryBudget & { maxAgeMs: number };
  /** Run them all now (verify), not the rotation's share. */
  fresh?: boolean;
}

export interface QueryStats {
  run: number;
  judgedWithoutRunning: number;
  reused: number;
  perRefresh: number;
}

/** Parsed metric names per expression: the same 2,000 expressions come back every collection. Bounded. */
const parsed = new Map<string, string[]>();
const PARSED_MAX = 50_000;
function metricsOf(expr: string): string[] {
  let metrics = parsed.get(expr);
  if (!metrics) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    metrics = extractMetricNames(expr).metrics;
    parsed.set(expr, metrics);
  }
  return metrics;
}

function baseView(query: PanelQuery): PanelQueryView {
  return {
    refId: query.refId,
    expr: query.expr,
    resolvedExpr: query.resolvedExpr,
    metrics: metricsOf(query.resolvedExpr),
    status: "skipped",
    missingMetrics: [],
    error: null,
    series: null,
    checkedAt: null,
  };
}

/** The metrics of `metrics` Prometheus has never seen; all of them missing means the query cannot return data. */
const missingOf = (metrics: string[], names: Set<string> | null) => (names ? metrics.filter((name) => !names.has(name)) : []);

/** A query reading only metrics Prometheus has never seen cannot return data: it is judged without running it. */
export function judgedWithoutRunning(expr: string, names: Set<string> | null): boolean {
  const metrics = metricsOf(expr);
  return metrics.length > 0 && missingOf(metrics, names).length === metrics.length;
}

function viewOfEntry(view: PanelQueryView, entry: LedgerEntry, names: Set<string> | null): PanelQueryView {
  const checked = { ...view, checkedAt: new Date(entry.checkedAt).toISOString() };
  const { outcome } = entry;
  if (outcome.kind === "failed") {
    const { error } = outcome;
    // Prometheus answers the other calls but not this query in time: the query is too slow, Prometheus is not down.
    if (error.kind === "timeout") return { ...checked, status: "error", error: `timeout: ${error.message}` };
    return { ...checked, status: "unreachable", error: `Prometheus cannot be queried: ${error.message}` };
  }
  if (outcome.kind === "error") return { ...checked, status: "error", error: `${outcome.errorType}: ${outcome.message}` };
  if (outcome.series > 0) return { ...checked, status: "ok", series: outcome.series };
  const missingMetrics = missingOf(view.metrics, names);
  if (missingMetrics.length > 0) {
    return {
      ...checked,
      status: "missing-metric",
      missingMetrics,
      series: 0,
      error: `Prometheus has never seen ${missingMetrics.join(", ")}`,
    };
  }
  return { ...checked, status: "no-data", series: 0 };
}

/**
 * Judges every panel query of one collection within the query budget: a query whose metrics Prometheus has never
 * seen is missing-metric without running it; the others run in rotation (oldest first, each at most maxAgeMs old)
 * and every query shows its last result with `checkedAt`. Each distinct expression runs at most once. Never throws.
 */
export async function evaluateQueries(
  queries: PanelQuery[],
  target: QueryTarget | null,
  deadlineMs: number,
): Promise<{ viewOf: (query: PanelQuery) => PanelQueryView; stats: QueryStats }> {
  const stats: QueryStats = { run: 0, judgedWithoutRunning: 0, reused: 0, perRefresh: target?.budget.perRefresh ?? 0 };
  const asked = queries.filter((query) => !query.skipReason && !query.hidden);
  if (!target) {
    return {
      stats,
      viewOf: (query) => {
        const view = baseView(query);
        if (query.skipReason) return { ...view, error: query.skipReason };
        if (query.hidden) return { ...view, error: "hidden in Grafana" };
        return { ...view, status: "unreachable", error: "no prometheus.url in cascade.yaml to run it against" };
      },
    };
  }
  const { names, error: namesError } = await target.metricNames;
  const version = namesVersion(names);
  // Prometheus did not answer the one cheap call: its queries would not be answered either (a hung Prometheus costs
  // this one deadline, not one per query).
  const unreachable = namesError && (namesError.kind === "network" || namesError.kind === "timeout") ? namesError : null;
  if (unreachable) recordUpstreamError("prometheus", unreachable.kind);

  const exprs = new Set(asked.map((query) => query.resolvedExpr));
  const judged = new Set([...exprs].filter((expr) => judgedWithoutRunning(expr, names)));
  const runnable = [...exprs].filter((expr) => !judged.has(expr));
  stats.judgedWithoutRunning = judged.size;
  const ledger = getQueryLedger();
  ledger.keepOnly(target.settings, runnable);
  const round = unreachable ? { run: 0, failure: null } : await runQueryRound(runnable, target, deadlineMs);
  stats.run = round.run;
  stats.reused = runnable.length - round.run;
  const failure = unreachable ?? round.failure;
  if (failure) forgetRound(target.settings);
  const { settings, budget } = target;

  return {
    stats,
    viewOf: (query) => {
      // The same view object as last collection when nothing it shows changed (the walk keeps a dashboard file's
      // queries while the file is unchanged): 2,000 views are not rebuilt, and panels can be reused by identity.
      const entry = ledger.get(settings, query.resolvedExpr);
      const key = viewKey(query, { failure, judged, version, entry, waiting });
      const known = lastViews.get(query);
      if (known && known.key === key) return known.view;
      const view = viewOf(query);
      // Another key may still show the same (new metric names, none of them this query's): keep the old object.
      if (known && sameView(known.view, view)) {
        known.key = key;
        return known.view;
      }
      lastViews.set(query, { key, view });
      return view;
    },
  };

  function viewOf(query: PanelQuery): PanelQueryView {
    const view = baseView(query);
    if (query.skipReason) return { ...view, error: query.skipReason };
    if (query.hidden) return { ...view, error: "hidden in Grafana" };
    if (failure) return { ...view, status: "unreachable", error: `Prometheus cannot be queried: ${failure.message}` };
    if (judged.has(query.resolvedExpr)) {
      const missingMetrics = missingOf(view.metrics, names);
      return {
        ...view,
        status: "missing-metric",
        missingMetrics,
        series: 0,
        error: `Prometheus has never seen ${missingMetrics.join(", ")}`,
      };
    }
    const entry = ledger.get(settings, query.resolvedExpr);
    if (entry) return viewOfEntry(view, entry, names);
    return { ...view, error: waiting(query) };
  }

  function waiting(query: PanelQuery): string {
    return ledger.isRunning(settings, query.resolvedExpr)
      ? `Prometheus has not answered it yet (waited ${deadlineMs} ms)`
      : `not run yet: the query budget (${budget.perRefresh} per ${budget.refreshMs} ms) is spent; it runs at the next refresh`;
  }
}

const sameView = (a: PanelQueryView, b: PanelQueryView) =>
  a.status === b.status &&
  a.error === b.error &&
  a.series === b.series &&
  a.checkedAt === b.checkedAt &&
  a.resolvedExpr === b.resolvedExpr &&
  sameItems(a.missingMetrics, b.missingMetrics);

/** The last view of each walked query, with the key of what it showed. Weak: a query of a changed file is dropped. */
const lastViews = new WeakMap<PanelQuery, { key: string; view: PanelQueryView }>();

/** Everything a query's view depends on, as one short string (a ledger entry by its time and outcome). */
function viewKey(
  query: PanelQuery,
  state: {
    failure: { message: string } | null;
    judged: Set<string>;
    /** The metric names' version: which metrics are missing depends on nothing else. */
    version: string;
    entry: LedgerEntry | undefined;
    waiting: (query: PanelQuery) => string;
  },
): string {
  if (query.skipReason || query.hidden) return "static";
  if (state.failure) return `failed ${state.failure.message}`;
  if (state.judged.has(query.resolvedExpr)) return state.version;
  if (!state.entry) return state.waiting(query);
  return `${state.entry.checkedAt} ${outcomeKey(state.entry)} ${state.version}`;
}

/**
 * The metric names as a version: the same string while Prometheus holds the same names (compared by content, as each
 * collection asks again), so 1,700 judged queries compare one string each instead of each listing its missing metrics.
 */
let lastNames: { names: Set<string> | null; version: string } = { names: null, version: "names 0" };
let namesVersions = 0;
function namesVersion(names: Set<string> | null): string {
  const last = lastNames.names;
  const same = names === last || (names !== null && last !== null && sameNames(names, last));
  if (!same) lastNames = { names, version: `names ${++namesVersions}` };
  return lastNames.version;
}

function sameNames(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const name of a) if (!b.has(name)) return false;
  return true;
}

const outcomeIds = new WeakMap<object, number>();
let nextOutcomeId = 0;
/** An outcome object by identity: the ledger replaces an entry's outcome when the query runs again. */
function outcomeKey(entry: LedgerEntry): number {
  let id = outcomeIds.get(entry.outcome);
  if (id === undefined) {
    id = nextOutcomeId++;
    outcomeIds.set(entry.outcome, id);
  }
  return id;
}
