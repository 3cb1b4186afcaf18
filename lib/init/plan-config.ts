import type { Message } from "@/lib/messages/types";
import { containerServing, runsProgram, urlsOf } from "./map-targets";
import type { DiscoveredContainer, DiscoveredTarget } from "./types";

// `cascade init`'s decisions, pure: which Prometheus, which targets become metrics endpoints and which containers
// they run in, what each endpoint is expected to export, and what could not be mapped (said, never guessed).

export interface PrometheusCandidate {
  container: string;
  url: string;
  /** Its active scrape targets, or why they could not be read. */
  targets: DiscoveredTarget[] | { error: string };
}

export interface PlannedEndpoint {
  name: string;
  url: string;
  container: string;
}

export interface TargetPlan {
  prometheus: PrometheusCandidate | null;
  endpoints: PlannedEndpoint[];
  /** Containers the config watches: the Prometheus, the ones serving targets, then Grafana; in that order. */
  containers: string[];
  notes: Message[];
}

const note = (key: string, params: Message["params"] = {}): Message => ({ key, params }) as Message;

/** The Prometheus whose targets map to the most containers (a stack's own), ties broken by name. */
export function choosePrometheus(candidates: readonly PrometheusCandidate[], containers: readonly DiscoveredContainer[]) {
  const served = (candidate: PrometheusCandidate) =>
    "error" in candidate.targets ? -1 : candidate.targets.filter((target) => containerServing(target.scrapeUrl, containers)).length;
  return [...candidates].sort((a, b) => served(b) - served(a) || a.container.localeCompare(b.container))[0] ?? null;
}

/** Endpoint names: the job's, or job-container when one job has several targets. */
function endpointName(job: string, container: string, jobCount: number): string {
  const base = job.replace(/[^\w.-]+/g, "-") || "metrics";
  return jobCount > 1 ? `${base}-${container}` : base;
}

export function planTargets(candidates: readonly PrometheusCandidate[], containers: readonly DiscoveredContainer[]): TargetPlan {
  const notes: Message[] = [];
  const prometheus = choosePrometheus(candidates, containers);
  if (!prometheus) return { prometheus: null, endpoints: [], containers: [], notes: [note("init.prometheus.none")] };
  const targets = "error" in prometheus.targets ? [] : prometheus.targets;
  notes.push(note("init.prometheus.found", { container: prometheus.container, url: prometheus.url, targets: targets.length }));
  if ("error" in prometheus.targets) notes.push(note("init.prometheus.targets-error", { error: prometheus.targets.error }));
  for (const other of candidates) {
    if (other !== prometheus) notes.push(note("init.prometheus.other", { container: other.container, url: other.url }));
  }
  const perJob = new Map<string, number>();
  for (const target of targets) perJob.set(target.job, (perJob.get(target.job) ?? 0) + 1);
  const endpoints: PlannedEndpoint[] = [];
  const watched = new Set<string>([prometheus.container]);
  for (const target of targets) {
    const match = containerServing(target.scrapeUrl, containers);
    const params = { job: target.job, url: target.scrapeUrl };
    if (!match) {
      notes.push(note("init.target.unmapped", params));
      continue;
    }
    if (match.container === prometheus.container) {
      notes.push(note("init.target.self", params));
      continue;
    }
    notes.push(note("init.target.mapped", { ...params, container: match.container, how: match.how }));
    endpoints.push({
      name: endpointName(target.job, match.container, perJob.get(target.job) ?? 1),
      url: target.scrapeUrl,
      container: match.container,
    });
    watched.add(match.container);
  }
  return { prometheus, endpoints, containers: [...watched], notes };
}

/** Runtime families every client library adds: not what a dashboard is about. */
const RUNTIME = /^(process|nodejs|go|python|promhttp|jvm|dotnet|ruby|erlang|scrape)_/;

/**
 * What an endpoint is expected to export: the names it exports now that the dashboards read; without dashboards
 * (or when they read none of them), every name it exports now except the client library's runtime families.
 */
export function expectedNames(exported: readonly string[], dashboardMetrics: ReadonlySet<string> | null): string[] {
  const read = dashboardMetrics ? exported.filter((name) => dashboardMetrics.has(name)) : [];
  const names = read.length > 0 ? read : exported.filter((name) => !RUNTIME.test(name));
  return [...new Set(names)].sort();
}

/** Grafana containers and the dashboard folders they provision (a mount holding Grafana's dashboards). */
export function grafanaDashboardDirs(
  containers: readonly DiscoveredContainer[],
): { container: string; dir: string | null; urls: string[] }[] {
  return containers
    .filter((container) => container.running && runsProgram(container, "grafana"))
    .map((container) => {
      const mount = container.mounts.find((candidate) => /\/(dashboards?)(\/|$)/.test(candidate.destination));
      return { container: container.name, dir: mount?.source ?? null, urls: urlsOf(container) };
    });
}
