import "server-only";
import { processSingleton } from "@/server/process-singleton";
import { UpstreamError } from "@/server/upstreams/errors";
import { type InstantQueryResult, type PrometheusSettings, runInstantQuery } from "@/server/upstreams/prometheus/client";

/** What one run of a query gave: Prometheus's answer, or why there was none. */
export type QueryOutcome = InstantQueryResult | { kind: "failed"; error: UpstreamError };

export interface LedgerEntry {
  outcome: QueryOutcome;
  /** When the answer (or the failure) arrived, ms since the epoch. */
  checkedAt: number;
}

export interface QueryBudget {
  perRefresh: number;
  refreshMs: number;
}

/**
 * The results of panel queries between refreshes (in memory, per process), and the budget: how many queries were
 * sent to Prometheus in the last refresh interval. Every query to /api/v1/query goes through `run`, so the budget
 * holds whoever asks (the collection's rotation, a dashboard being opened, verify).
 */
export class QueryLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly inFlight = new Map<string, Promise<LedgerEntry>>();
  /** Send times (ms) within the last refresh interval, oldest first. */
  private sent: number[] = [];

  private key(settings: PrometheusSettings, expr: string) {
    return `${settings.url}\n${expr}`;
  }

  get(settings: PrometheusSettings, expr: string): LedgerEntry | undefined {
    return this.entries.get(this.key(settings, expr));
  }

  isRunning(settings: PrometheusSettings, expr: string): boolean {
    return this.inFlight.has(this.key(settings, expr));
  }

  /** How many more queries may be sent now without passing `perRefresh` in any window of `refreshMs`. */
  available(budget: QueryBudget, now = Date.now()): number {
    this.sent = this.sent.filter((at) => at > now - budget.refreshMs);
    return Math.max(0, budget.perRefresh - this.sent.length);
  }

  /** Takes one query of the budget for a query that is not a panel's (the metric-to-job map); false when spent. */
  spend(budget: QueryBudget): boolean {
    if (this.available(budget) <= 0) return false;
    this.sent.push(Date.now());
    return true;
  }

  /**
   * Runs `expr` once: a run already in flight is shared, not repeated. Returns null when the budget is spent (the
   * caller keeps the last result). Never rejects.
   */
  run(settings: PrometheusSettings, expr: string, budget: QueryBudget): Promise<LedgerEntry> | null {
    const key = this.key(settings, expr);
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    if (this.available(budget) <= 0) return null;
    this.sent.push(Date.now());
    const pending = runInstantQuery(settings, expr)
      .then(
        (result): QueryOutcome => result,
        (error: unknown): QueryOutcome => ({
          kind: "failed",
          error: error instanceof UpstreamError ? error : new UpstreamError("prometheus", "network", String(error)),
        }),
      )
      .then((outcome) => {
        const entry = { outcome, checkedAt: Date.now() };
        this.entries.set(key, entry);
        return entry;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, pending);
    return pending;
  }

  /** Forgets every result whose query is no longer on any dashboard, so memory follows the dashboards. */
  keepOnly(settings: PrometheusSettings, exprs: Iterable<string>) {
    const keep = new Set([...exprs].map((expr) => this.key(settings, expr)));
    for (const key of this.entries.keys()) if (!keep.has(key)) this.entries.delete(key);
  }

  get size() {
    return this.entries.size;
  }
}

export const getQueryLedger = () => processSingleton("query-ledger", () => new QueryLedger());
