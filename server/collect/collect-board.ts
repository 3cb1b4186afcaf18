import "server-only";
import type { Observation } from "@/lib/contracts/board";
import type { CascadeConfig } from "@/server/config";
import { logUpstreamChanges } from "@/server/log/upstream-changes";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getDocker, getDockerVersion, inspectWatchedContainer } from "@/server/upstreams/docker/client";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { unobservedContainer } from "@/server/upstreams/docker/schemas";
import { withDeadline } from "@/server/upstreams/errors";
import { probeDashboards } from "./probe-dashboards";
import { probeMetricsEndpoint } from "./probe-metrics-endpoint";
import { probePrometheus } from "./probe-prometheus";

export interface CollectOptions {
  /** Relative paths in the config (grafana.dashboardsDir) resolve against the config file's folder. */
  configDir: string;
  now?: () => Date;
}

async function collectDocker(config: CascadeConfig) {
  const timeoutMs = config.timeouts.upstreamMs;
  const docker = getDocker(config.docker);
  const names = config.containers.map((container) => container.name);
  const dockerStatus = await getDockerVersion(docker, timeoutMs).then(
    (version) => ({ reachable: true, version, error: null }),
    (error: Error) => ({ reachable: false, version: null, error: error.message }),
  );
  if (!dockerStatus.reachable) {
    return {
      docker: dockerStatus,
      containers: names.map((name) => unobservedContainer(name, "unknown", `Docker is unreachable: ${dockerStatus.error}`)),
    };
  }
  // The first collection also waits (within the deadline) for the last hour of events, so the timeline is never blank.
  const [containers] = await Promise.all([
    Promise.all(names.map((name) => inspectWatchedContainer(docker, name, timeoutMs))),
    withDeadline(getDockerEventFeed().ensure(docker, names), timeoutMs, "docker", "Docker events").catch(() => undefined),
  ]);
  return { docker: dockerStatus, containers };
}

/**
 * One observation of the whole stack. Every upstream is probed at the same time (dashboard queries start alongside
 * the Prometheus probe), each bounded by the upstream deadline; none can throw.
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
  const prometheusProbe = config.prometheus ? timed("prometheus", probePrometheus(config.prometheus, timeoutMs)) : null;
  const queryTarget = config.prometheus
    ? { settings: { url: config.prometheus.url, timeoutMs }, metricNames: prometheusProbe!.then((probe) => probe.metricNames) }
    : null;

  const [dockerPart, prometheus, metricsEndpoints, dashboardsPart] = await Promise.all([
    timed("docker", collectDocker(config)),
    prometheusProbe,
    Promise.all(config.metricsEndpoints.map((endpoint) => timed(`metrics:${endpoint.name}`, probeMetricsEndpoint(endpoint, timeoutMs)))),
    timed("dashboards", probeDashboards(config, options.configDir, queryTarget)),
  ]);

  const names = new Set(config.containers.map((container) => container.name));
  const observation: Observation = {
    generatedAt: now().toISOString(),
    collection: { durationMs: Math.round(performance.now() - started), upstreamMs, cached: false },
    docker: dockerPart.docker,
    containers: dockerPart.containers,
    prometheus: prometheus?.status ?? null,
    metricsEndpoints,
    grafana: dashboardsPart.grafana,
    dashboards: dashboardsPart.dashboards,
    timeline: getDockerEventFeed()
      .timeline()
      .filter((event) => names.has(event.subject)),
  };
  logUpstreamChanges(observation);
  return observation;
}
