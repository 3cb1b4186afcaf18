import type { Observation, PanelQueryView } from "@/lib/contracts/board";
import { matches, readSelectors, type TargetMatcher } from "@/lib/promql/selectors";
import { endpointsOwning, familyOf, indexEndpointsByUrl } from "./ownership";
import type { Finding } from "./types";

// Which failing scrapes a panel query can read from. A down target (or the failing endpoint it scrapes) explains a
// query only when the query's job/instance matchers select it, or the query reads a metric that only that target's
// job exports (prometheus.metricJobs), or a metric the failing endpoint owns. Everything is indexed once; a query is
// judged against the jobs that have failures, never against every target. Pure.

/** query -> the (displayed) root causes of the failing scrapes it can read from. */
export type ScrapeAttribution = (query: PanelQueryView) => Finding[];

export function attributeScrapes(
  observation: Observation,
  scrapeFailures: Finding[],
  rootOf: (cause: Finding) => Finding,
): ScrapeAttribution {
  if (scrapeFailures.length === 0) return () => [];
  const rootsByJob = new Map<string, Set<Finding>>();
  const downByJob = new Map<string, Finding[]>();
  const endpointCauses = new Map<string, Finding>();
  const add = (job: string, root: Finding) => {
    const roots = rootsByJob.get(job) ?? new Set<Finding>();
    roots.add(root);
    rootsByJob.set(job, roots);
  };
  for (const cause of scrapeFailures) {
    if (cause.kind !== "target-down") {
      endpointCauses.set(cause.subject, cause);
      continue;
    }
    const job = String(cause.params.job);
    const down = downByJob.get(job);
    if (down) down.push(cause);
    else downByJob.set(job, [cause]);
    add(job, rootOf(cause));
  }
  // An endpoint that fails is read through the jobs that scrape it.
  const endpointOf = indexEndpointsByUrl(observation.metricsEndpoints);
  if (endpointCauses.size > 0) {
    for (const target of observation.prometheus?.targets ?? []) {
      const cause = endpointCauses.get(endpointOf(target.scrapeUrl)?.name ?? "");
      if (cause) add(target.job, rootOf(cause));
    }
  }
  // instance="host:9100" is a map read; only regexes and negations walk the job's down targets.
  const byInstance = new Map<string, Map<string, Finding>>();
  for (const [job, down] of downByJob) byInstance.set(job, new Map(down.map((target) => [String(target.params.instance), target])));
  const selectTargets = (job: string, instanceMatchers: TargetMatcher[]): Finding[] => {
    const exact = instanceMatchers.find((matcher) => matcher.op === "=");
    const candidates = exact ? [byInstance.get(job)?.get(exact.value)].filter((t) => t !== undefined) : (downByJob.get(job) ?? []);
    return candidates.filter((target) => instanceMatchers.every((matcher) => matches(matcher, String(target.params.instance))));
  };
  const everyRoot = new Set<Finding>([...rootsByJob.values()].flatMap((roots) => [...roots]));
  for (const cause of endpointCauses.values()) everyRoot.add(rootOf(cause));
  const metricJobs = observation.prometheus?.metricJobs;
  const ownerMemo = new Map<string, Finding[]>();
  const ownerRoots = (metric: string) => {
    let roots = ownerMemo.get(metric);
    if (!roots) {
      roots = endpointsOwning(metric, observation.metricsEndpoints)
        .map((endpoint) => endpointCauses.get(endpoint.name))
        .filter((cause): cause is Finding => cause !== undefined)
        .map(rootOf);
      ownerMemo.set(metric, roots);
    }
    return roots;
  };

  const explain = (expr: string): Finding[] => {
    const found = new Set<Finding>();
    const addAll = (roots: Iterable<Finding> | undefined) => {
      for (const root of roots ?? []) found.add(root);
    };
    for (const selector of readSelectors(expr)) {
      if (selector.matchers.length > 0) {
        const jobMatchers = selector.matchers.filter((matcher) => matcher.label === "job");
        const instanceMatchers = selector.matchers.filter((matcher) => matcher.label === "instance");
        for (const [job, roots] of rootsByJob) {
          if (!jobMatchers.every((matcher) => matches(matcher, job))) continue;
          if (instanceMatchers.length === 0) addAll(roots);
          else for (const target of selectTargets(job, instanceMatchers)) found.add(rootOf(target));
        }
        continue;
      }
      for (const metric of selector.metrics) {
        const owners = ownerRoots(metric);
        addAll(owners);
        if (metricJobs) {
          const jobs = metricJobs[metric] ?? metricJobs[familyOf(metric)];
          if (jobs?.length === 1) addAll(rootsByJob.get(jobs[0]!));
        } else if (owners.length === 0) {
          // Which jobs export it is unknown: the query may read from any failing scrape.
          addAll(everyRoot);
        }
      }
    }
    return [...found];
  };
  const memo = new Map<string, Finding[]>();
  return (query) => {
    let roots = memo.get(query.resolvedExpr);
    if (!roots) {
      roots = explain(query.resolvedExpr);
      memo.set(query.resolvedExpr, roots);
    }
    return roots;
  };
}

/**
 * query -> the (displayed) root causes of the failing rule groups whose recording rules it reads: a query reading
 * `job:http_requests:rate5m` while the rule that records it fails has no data because of it. By the metric names of
 * the query's selectors; memoised per expression.
 */
export function attributeRules(outputs: Map<string, Finding>, rootOf: (cause: Finding) => Finding): ScrapeAttribution {
  if (outputs.size === 0) return () => [];
  const memo = new Map<string, Finding[]>();
  return (query) => {
    let roots = memo.get(query.resolvedExpr);
    if (!roots) {
      const found = new Set<Finding>();
      for (const selector of readSelectors(query.resolvedExpr)) {
        for (const metric of selector.metrics) {
          const cause = outputs.get(metric);
          if (cause) found.add(rootOf(cause));
        }
      }
      roots = [...found];
      memo.set(query.resolvedExpr, roots);
    }
    return roots;
  };
}
