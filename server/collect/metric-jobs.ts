import "server-only";
import { processSingleton } from "@/server/process-singleton";
import { type PrometheusSettings, queryLabelSets } from "@/server/upstreams/prometheus/client";
import { getQueryLedger, type QueryBudget } from "./query-ledger";

// One query says which jobs export each metric name: the diagnosis attributes a panel to a down target when the panel
// reads a metric only that target's job exports. Which job exports what changes rarely: like a panel query, the map is
// asked again once it is `queries.maxAgeMs` old (about 10 ms of Prometheus's CPU each time on the busy host). `group`
// answers one series per (name, job) pair, so the answer follows the number of metric names and jobs, not of series.
// The series Prometheus itself writes for every target (up, scrape_*) are left out: no job exports them, and at 2,000
// targets they are most of the series (measured on the fixture: 160-400 ms with them, 5-18 ms without).
export const METRIC_JOBS_QUERY = 'group by (__name__, job) ({__name__=~".+", __name__!~"up|scrape_.+"})';

type MetricJobs = Record<string, string[]>;
interface Known {
  at: number;
  jobs: MetricJobs | undefined;
  pending: Promise<MetricJobs | undefined> | null;
}
const cache = () => processSingleton("metric-jobs", () => new Map<string, Known>());

export function metricJobsOf(labelSets: Record<string, string>[]): MetricJobs {
  const jobs = new Map<string, Set<string>>();
  for (const labels of labelSets) {
    const name = labels.__name__;
    if (!name) continue;
    const set = jobs.get(name) ?? new Set<string>();
    jobs.set(name, set);
    if (labels.job !== undefined) set.add(labels.job);
  }
  return Object.fromEntries([...jobs].map(([name, set]) => [name, [...set].sort()]));
}

/** The metric -> jobs map, at most `maxAgeMs` old; the last one known when Prometheus cannot answer; undefined if never. */
export async function readMetricJobs(
  settings: PrometheusSettings,
  budget: QueryBudget & { maxAgeMs: number },
): Promise<MetricJobs | undefined> {
  const known = cache().get(settings.url);
  if (known?.pending !== undefined && known.pending !== null) return known.pending;
  if (known?.jobs && Date.now() - known.at < Math.max(budget.refreshMs, budget.maxAgeMs)) return known.jobs;
  if (!getQueryLedger().spend(budget)) return known?.jobs;
  const entry: Known = { at: known?.at ?? 0, jobs: known?.jobs, pending: null };
  entry.pending = queryLabelSets(settings, METRIC_JOBS_QUERY)
    .then(
      (sets) => {
        entry.jobs = metricJobsOf(sets);
        entry.at = Date.now();
      },
      () => undefined, // Prometheus could not answer: keep the last map
    )
    .then(() => {
      entry.pending = null;
      return entry.jobs;
    });
  cache().set(settings.url, entry);
  return entry.pending;
}
