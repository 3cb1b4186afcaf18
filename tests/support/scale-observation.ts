import type { ContainerView, DashboardObservation, Observation, PanelView, PrometheusTarget } from "@/lib/contracts/board";

// A generated observation of issue 11's busy host: 500 watched containers (20 exited), 2,000 targets of job `fleet`
// (1,999 down) and one of job `node`, 100 dashboards x 20 panels (2,000 distinct queries; the first 10 dashboards read
// node metrics). Deterministic: the same call gives the same observation. Used by the diagnosis benchmark and tests.

export const SCALE = { containers: 500, exited: 20, fleetTargets: 2_000, dashboards: 100, panels: 20, nodeDashboards: 10 };
export const GENERATED_AT = "2026-12-01T12:00:00.000Z";
const EXITED_AT = "2026-12-01T11:47:00.000Z";

function container(index: number): ContainerView {
  const exited = index % (SCALE.containers / SCALE.exited) === 7;
  return {
    name: `sc-${index}`,
    id: index.toString(16).padStart(12, "0"),
    image: "scale/sc:1",
    state: exited ? "exited" : "running",
    exitCode: exited ? 3 : null,
    oomKilled: false,
    error: null,
    startedAt: "2026-12-01T10:00:00.000Z",
    finishedAt: exited ? EXITED_AT : null,
    restartCount: 0,
    restartPolicy: { name: "no", maximumRetryCount: 0 },
    health: null,
    logTail: exited ? ["panic: lost the fleet"] : [],
    reason: null,
    labels: { "com.docker.compose.project": "auren" },
  };
}

const fleetInstance = (index: number) => `host-${index}:9100`;

function target(index: number): PrometheusTarget {
  const up = index === 0;
  return {
    job: "fleet",
    instance: fleetInstance(index),
    scrapeUrl: `http://${fleetInstance(index)}/metrics`,
    health: up ? "up" : "down",
    lastError: up ? null : 'Get "http://host/metrics": dial tcp: connection refused',
    lastScrape: GENERATED_AT,
    lastScrapeDuration: up ? 0.01 : 0.001,
  };
}

/** Node dashboards read node metrics of job node (some panels empty); fleet dashboards read fleet instances. */
function panel(dashboard: number, index: number): PanelView {
  const n = dashboard * SCALE.panels + index;
  const node = dashboard < SCALE.nodeDashboards;
  const byMatcher = index % 2 === 0;
  const expr = node
    ? byMatcher
      ? `rate(node_cpu_seconds_total{job="node",cpu="${n}"}[5m])`
      : `node_filesystem_avail_bytes{mountpoint="/m${n}"}`
    : byMatcher
      ? `sum(rate(fleet_requests_total{instance="${fleetInstance(n % SCALE.fleetTargets)}"}[5m]))`
      : `fleet_queue_depth{shard="${n}"}`;
  const metrics = [expr.match(/(node|fleet)_[a-z_]+/)![0]];
  // A node panel is empty now and then (a mountpoint that is gone), never because of the fleet.
  const status = node ? (index % 5 === 1 ? "no-data" : "ok") : n % SCALE.fleetTargets === 0 && byMatcher ? "ok" : "no-data";
  return {
    id: index + 1,
    title: `Panel ${n}`,
    type: "timeseries",
    rowTitle: null,
    status,
    queries: [{ refId: "A", expr, resolvedExpr: expr, metrics, status, missingMetrics: [], error: null, series: status === "ok" ? 1 : 0 }],
  };
}

function dashboard(index: number): DashboardObservation {
  const node = index < SCALE.nodeDashboards;
  return {
    uid: `${node ? "node" : "fleet"}-${index}`,
    title: `${node ? "Node" : "Fleet"} ${index}`,
    source: "file",
    url: null,
    panels: Array.from({ length: SCALE.panels }, (_, panelIndex) => panel(index, panelIndex)),
    error: null,
  };
}

export function scaleObservation(): Observation {
  return {
    generatedAt: GENERATED_AT,
    collection: { durationMs: 300, upstreamMs: { docker: 144, prometheus: 105 }, cached: false },
    docker: { reachable: true, version: "27.0.0", error: null },
    containers: Array.from({ length: SCALE.containers }, (_, index) => container(index)),
    prometheus: {
      url: "http://127.0.0.1:9090",
      container: null,
      reachable: true,
      ready: true,
      version: "3.0.0",
      reloadConfigSuccess: true,
      lastConfigTime: "2026-12-01T10:00:00.000Z",
      startTime: "2026-12-01T10:00:00.000Z",
      targets: [
        ...Array.from({ length: SCALE.fleetTargets }, (_, index) => target(index)),
        {
          job: "node",
          instance: "node-exporter:9100",
          scrapeUrl: "http://node-exporter:9100/metrics",
          health: "up",
          lastError: null,
          lastScrape: GENERATED_AT,
          lastScrapeDuration: 0.02,
        },
      ],
      metricJobs: {
        node_cpu_seconds_total: ["node"],
        node_filesystem_avail_bytes: ["node"],
        fleet_requests_total: ["fleet"],
        fleet_queue_depth: ["fleet"],
        up: ["fleet", "node"],
      },
      error: null,
    },
    metricsEndpoints: [],
    grafana: { url: null, dashboardsDir: "/dashboards", reachable: null, version: null, datasources: [], error: null },
    dashboards: Array.from({ length: SCALE.dashboards }, (_, index) => dashboard(index)),
    timeline: Array.from({ length: SCALE.containers }, (_, index) => index)
      .filter((index) => container(index).state === "exited")
      .map((index) => ({ time: EXITED_AT, subject: `sc-${index}`, kind: "die", text: "died (exit 3)", exitCode: 3 })),
  };
}
