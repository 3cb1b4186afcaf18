import "server-only";
import type { Observation } from "@/lib/contracts/board";
import { containerRef } from "@/lib/engines/container-key";
import type { CascadeConfig } from "@/server/config";
import { logUpstreamChanges } from "@/server/log/upstream-changes";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { UpstreamError } from "@/server/upstreams/errors";
import { listMetricNames } from "@/server/upstreams/prometheus/client";
import { collectEngines, refFromConfig } from "./collect-engines";
import { collectSwarm, swarmEnginesOf } from "./collect-swarm";
import type { QueryTarget } from "./evaluate-queries";
import { readMetricJobs } from "./metric-jobs";
import { probeDashboards } from "./probe-dashboards";
import { probeMetricsEndpoint } from "./probe-metrics-endpoint";
import { probePrometheus } from "./probe-prometheus";

export interface CollectOptions {
  /** Relative paths in the config (grafana.dashboardsDir) resolve against the config file's folder. */
  configDir: string;
  now?: () => Date;
  /**
   * Run every panel query now (within the budget) instead of the rotation's share: verify judges what an action
   * changed and must not read results from before it.
   */
  freshQueries?: boolean;
}

/** Prometheus's part: the metric names (one call, which the panel queries wait for), the probe, the metric -> jobs map. */
function askPrometheus(config: CascadeConfig, fresh: boolean) {
  if (!config.prometheus) return { probe: null, queryTarget: null };
  const settings = { url: config.prometheus.url, timeoutMs: config.timeouts.upstreamMs };
  const budget = { ...config.queries, refreshMs: config.timeouts.refreshMs };
  const metricNames = listMetricNames(settings);
  const metricJobs = readMetricJobs(settings, budget);
  const queryTarget: QueryTarget = {
    settings,
    budget,
    fresh,
    metricNames: metricNames.then(
      (names) => ({ names, error: null }),
      (error: unknown) => ({
        names: null,
        error: error instanceof UpstreamError ? error : new UpstreamError("prometheus", "network", String(error)),
      }),
    ),
  };
  return { probe: probePrometheus(config.prometheus, settings.timeoutMs, { metricNames, metricJobs }), queryTarget };
}

/**
 * One observation of the whole stack. Every upstream is probed at the same time (dashboard queries start as soon
 * as Prometheus has said which metric names it holds), each bounded by the upstream deadline; none can throw.
 */
export async function collectBoard(config: CascadeConfig, options: CollectOptions): Promise<Observation> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const upstreamMs: Record<string, number> = {};
  const timed = <T>(upstream: string, work: Promise<T>): Promise<T> =>
    work.finally(() => {
      const seconds = (performance.now() - started) / 1000;
      upstreamMs[upstream] = Math.round(seconds * 1000);
      cascadeMetrics().upstreamDuration.observe({ upstream: upstream.split(":")[0]! }, seconds);
    });

  const timeoutMs = config.timeouts.upstreamMs;
  const prometheusPart = askPrometheus(config, options.freshQueries ?? false);
  const [dockerPart, prometheus, metricsEndpoints, dashboardsPart, servicesPart] = await Promise.all([
    timed("docker", collectEngines(config, options.configDir)),
    prometheusPart.probe && timed("prometheus", prometheusPart.probe),
    Promise.all(config.metricsEndpoints.map((endpoint) => timed(`metrics:${endpoint.name}`, probeMetricsEndpoint(endpoint, timeoutMs)))),
    timed("dashboards", probeDashboards(config, options.configDir, prometheusPart.queryTarget)),
    // Swarm services (cascade.yaml `services:`): absent from the observation when none are configured.
    config.services.length
      ? timed("swarm", collectSwarm(swarmEnginesOf(config, options.configDir), config.services, timeoutMs, now()))
      : null,
  ]);

  const refs = new Set(dockerPart.containers.map(containerRef));
  const observation: Observation = {
    generatedAt: now().toISOString(),
    collection: {
      durationMs: Math.round(performance.now() - started),
      upstreamMs,
      cached: false,
      ...(dashboardsPart.queryStats ? { queries: dashboardsPart.queryStats } : {}),
    },
    docker: dockerPart.docker,
    engines: dockerPart.engines,
    containers: dockerPart.containers,
    prometheus: prometheus ? { ...prometheus.status, container: refFromConfig(config, prometheus.status.container) } : null,
    metricsEndpoints: metricsEndpoints.map((endpoint) => ({ ...endpoint, container: refFromConfig(config, endpoint.container) })),
    grafana: dashboardsPart.grafana,
    dashboards: dashboardsPart.dashboards,
    timeline: getDockerEventFeed()
      .timeline()
      .filter((event) => refs.has(event.subject)),
    ...(servicesPart ? { services: servicesPart.services, swarm: servicesPart.swarm } : {}),
  };
  logUpstreamChanges(observation);
  return observation;
}
