import "server-only";
import { recordUpstreamError } from "@/server/metrics/registry";
import type { UpstreamError } from "@/server/upstreams/errors";
import type { PrometheusSettings } from "@/server/upstreams/prometheus/client";
import { getQueryLedger, type QueryBudget } from "./query-ledger";

/** Queries in flight at once against Prometheus. */
export const QUERY_CONCURRENCY = 8;

/** When the rotation last picked queries, per Prometheus URL: the time since sets how many are due now. */
const lastRound = new Map<string, number>();

/** After Prometheus was unreachable, the next round runs everything again (as the first one does). */
export function forgetRound(settings: PrometheusSettings) {
  lastRound.delete(settings.url);
}

/**
 * Which of `exprs` run in this round, oldest first: every one never run or older than maxAgeMs, and beyond those a
 * share of all in proportion to the time since the last round, so that each query runs about once per maxAgeMs and
 * the load is spread over the refreshes instead of arriving all at once. The budget (perRefresh) caps each round.
 * The first round (and the first after Prometheus was unreachable) runs them all.
 */
export function planRound(
  exprs: string[],
  settings: PrometheusSettings,
  budget: QueryBudget & { maxAgeMs: number },
  options: { all?: boolean; now?: number } = {},
) {
  const now = options.now ?? Date.now();
  const ledger = getQueryLedger();
  const ageOf = (expr: string) => {
    const entry = ledger.get(settings, expr);
    return entry ? now - entry.checkedAt : Number.POSITIVE_INFINITY;
  };
  const byAge = exprs.map((expr) => ({ expr, age: ageOf(expr) })).sort((a, b) => b.age - a.age);
  const previous = lastRound.get(settings.url);
  const since = previous === undefined ? budget.maxAgeMs : Math.min(now - previous, budget.maxAgeMs);
  lastRound.set(settings.url, now);
  const share = Math.ceil((exprs.length * since) / budget.maxAgeMs);
  const due = byAge.filter((item) => item.age >= budget.maxAgeMs).length;
  return byAge.slice(0, options.all ? byAge.length : Math.max(due, share)).map((item) => item.expr);
}

/**
 * Runs `exprs` (at most QUERY_CONCURRENCY at once, within the budget) until all have answered or `deadlineMs` has
 * passed; answers that arrive later still land in the ledger for the next collection. A refused connection stops
 * the round: the queries not yet sent would fail the same way.
 */
export async function runExprs(
  exprs: string[],
  settings: PrometheusSettings,
  budget: QueryBudget,
  deadlineMs: number,
): Promise<{ run: number; failure: UpstreamError | null }> {
  const ledger = getQueryLedger();
  const deadline = Date.now() + deadlineMs;
  let run = 0;
  let failure: UpstreamError | null = null;
  let next = 0;
  const worker = async () => {
    while (next < exprs.length && !failure && Date.now() < deadline) {
      const expr = exprs[next++]!;
      const shared = ledger.isRunning(settings, expr);
      const pending = ledger.run(settings, expr, budget);
      if (!pending) return; // the budget is spent: the rest keep their last result
      if (!shared) run++;
      const entry = await pending;
      if (entry.outcome.kind === "failed") {
        recordUpstreamError("prometheus", entry.outcome.error.kind);
        if (entry.outcome.error.kind === "network") failure ??= entry.outcome.error;
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
  });
  const workers = Array.from({ length: Math.min(QUERY_CONCURRENCY, exprs.length) }, worker);
  await Promise.race([Promise.all(workers), timeUp]).finally(() => clearTimeout(timer));
  return { run, failure };
}

/** One collection's share of the rotation. */
export function runQueryRound(
  runnable: string[],
  target: { settings: PrometheusSettings; budget: QueryBudget & { maxAgeMs: number }; fresh?: boolean },
  deadlineMs: number,
) {
  const planned = planRound(runnable, target.settings, target.budget, { all: target.fresh });
  return runExprs(planned, target.settings, target.budget, deadlineMs);
}
