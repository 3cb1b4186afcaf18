import "server-only";
import type { PanelQuery } from "@/lib/dashboards/walk-dashboard";
import { processSingleton } from "@/server/process-singleton";
import { judgedWithoutRunning, type QueryTarget } from "./evaluate-queries";
import { getQueryLedger } from "./query-ledger";
import { runExprs } from "./query-round";

interface Remembered {
  target: QueryTarget;
  deadlineMs: number;
  /** Each dashboard's distinct runnable expressions, from the last collection. */
  byUid: Map<string, string[]>;
}

const state = () =>
  processSingleton("dashboard-queries", () => ({ last: null as Remembered | null, inFlight: new Map<string, Promise<void>>() }));

/** Called by every collection: which queries each dashboard has, so that opening one can bring it up to date. */
export function rememberDashboardQueries(
  dashboards: { uid: string; walked: { panels: { queries: PanelQuery[] }[] } | null }[],
  target: QueryTarget,
  deadlineMs: number,
) {
  const byUid = new Map<string, string[]>();
  for (const dashboard of dashboards) {
    const exprs = new Set<string>();
    for (const panel of dashboard.walked?.panels ?? [])
      for (const query of panel.queries) if (!query.skipReason && !query.hidden) exprs.add(query.resolvedExpr);
    byUid.set(dashboard.uid, [...exprs]);
  }
  state().last = { target, deadlineMs, byUid };
}

/**
 * Brings one dashboard up to date at once (it was opened on the page, or verify checks it): its queries not run in
 * the current refresh interval run now, once however many viewers ask at the same time (single-flight per dashboard),
 * within the same query budget and deadline as a collection. Queries whose metrics Prometheus has never seen are not
 * run. The caller then takes a fresh board (the results are in the query ledger). Never rejects.
 */
export function refreshDashboard(uid: string): Promise<void> {
  const { last, inFlight } = state();
  if (!last) return Promise.resolve(); // no collection yet: the first one runs its queries anyway
  const running = inFlight.get(uid);
  if (running !== undefined) return running;
  const work = (async () => {
    const { target, deadlineMs } = last;
    const { names } = await target.metricNames;
    const ledger = getQueryLedger();
    const now = Date.now();
    const stale = (last.byUid.get(uid) ?? []).filter((expr) => {
      const entry = ledger.get(target.settings, expr);
      return !entry || now - entry.checkedAt >= target.budget.refreshMs;
    });
    const runnable = names ? stale.filter((expr) => !judgedWithoutRunning(expr, names)) : stale;
    await runExprs(runnable, target.settings, target.budget, deadlineMs);
  })()
    .catch(() => undefined)
    .finally(() => inFlight.delete(uid));
  inFlight.set(uid, work);
  return work;
}
