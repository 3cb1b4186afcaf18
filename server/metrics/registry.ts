import "server-only";
import client from "prom-client";
import { containerActions } from "@/lib/contracts/operations";
import { processSingleton } from "@/server/process-singleton";
import type { UpstreamErrorKind, UpstreamName } from "@/server/upstreams/errors";

// Cascade's own metrics, served at GET /metrics so the Prometheus it watches can scrape it too. Every labelled
// series it will ever have starts at zero (see zeroEverySeries), so a dashboard query (docs/grafana/cascade.json)
// answers 0 instead of "no data" before the first error, action or cache hit.

const UPSTREAMS: UpstreamName[] = ["docker", "prometheus", "metrics", "grafana"];
/** The upstream labels of a collection's durations (server/collect/collect-board.ts times dashboards as one). */
const COLLECTION_PARTS = ["docker", "prometheus", "metrics", "dashboards"];
const ERROR_KINDS: UpstreamErrorKind[] = ["network", "timeout", "http", "parse", "too-large"];
const BOARD_SOURCES = ["cache", "shared", "fresh"];
const ACTION_RESULTS = ["ok", "error", "denied"];
/** The channel types the delivery queue sends (alertmanager keeps its own counter) and what an attempt ended as. */
const DELIVERY_TYPES = ["webhook", "slack", "teams", "discord"];
const DELIVERY_OUTCOMES = ["sent", "retry", "failed"];

function createMetrics() {
  const registry = new client.Registry();
  // `cascade check` never serves /metrics: the process metrics (an event-loop histogram, GC hooks) only cost its start.
  if (!process.env.CASCADE_CLI) client.collectDefaultMetrics({ register: registry, prefix: "cascade_" });
  return {
    registry,
    upstreamDuration: new client.Histogram({
      name: "cascade_upstream_duration_seconds",
      help: "Time one collection spent on each upstream (Docker, Prometheus, metrics endpoints, Grafana/dashboards).",
      labelNames: ["upstream"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    upstreamErrors: new client.Counter({
      name: "cascade_upstream_errors_total",
      help: "Upstream calls that failed, by upstream and kind (network, timeout, http, parse, too-large).",
      labelNames: ["upstream", "kind"],
      registers: [registry],
    }),
    deniedRequests: new client.Counter({
      name: "cascade_denied_requests_total",
      help: "State-changing requests refused before anyone was identified, by reason (not written to the audit log).",
      labelNames: ["reason"],
      registers: [registry],
    }),
    boardRequests: new client.Counter({
      name: "cascade_board_requests_total",
      help: "Board requests, by whether they were served from the shared cache/in-flight collection or a fresh one.",
      labelNames: ["source"],
      registers: [registry],
    }),
    watcherCollections: new client.Counter({
      name: "cascade_watcher_collections_total",
      help: "Collections the watcher ran (every refresh interval and after Docker events), by result (ok, error).",
      labelNames: ["result"],
      registers: [registry],
    }),
    watcherSkipped: new client.Counter({
      name: "cascade_watcher_skipped_total",
      help: "Work the watcher skipped rather than queue or overlap, by reason (busy-interval, busy-event, store-busy, ...).",
      labelNames: ["reason"],
      registers: [registry],
    }),
    watcherLeader: new client.Gauge({
      name: "cascade_watcher_leader",
      help: "1 on the replica that holds the watcher lease (and decides incidents), else 0; `holder` names the holder.",
      labelNames: ["holder"],
      registers: [registry],
    }),
    incidentStoreErrors: new client.Counter({
      name: "cascade_watcher_store_errors_total",
      help: "Writes of incidents, state changes or the lease that the store refused (full, locked, unreachable).",
      labelNames: ["operation"],
      registers: [registry],
    }),
    deliveries: new client.Counter({
      name: "cascade_notify_deliveries_total",
      help: "Notification delivery attempts by channel type and outcome (sent, retry: failed and tried again, failed: given up).",
      labelNames: ["type", "outcome"],
      registers: [registry],
    }),
    actions: new client.Counter({
      name: "cascade_actions_total",
      help: "Container actions by action (restart, start, set-restart-policy) and result (ok, error, denied).",
      labelNames: ["action", "result"],
      registers: [registry],
    }),
  };
}

function zeroEverySeries(metrics: ReturnType<typeof createMetrics>) {
  for (const upstream of COLLECTION_PARTS) metrics.upstreamDuration.zero({ upstream });
  for (const upstream of UPSTREAMS) for (const kind of ERROR_KINDS) metrics.upstreamErrors.inc({ upstream, kind }, 0);
  for (const source of BOARD_SOURCES) metrics.boardRequests.inc({ source }, 0);
  for (const action of containerActions) for (const result of ACTION_RESULTS) metrics.actions.inc({ action, result }, 0);
  for (const type of DELIVERY_TYPES) for (const outcome of DELIVERY_OUTCOMES) metrics.deliveries.inc({ type, outcome }, 0);
  return metrics;
}

export const cascadeMetrics = () => processSingleton("metrics", () => zeroEverySeries(createMetrics()));

export function recordUpstreamError(upstream: UpstreamName, kind: UpstreamErrorKind) {
  cascadeMetrics().upstreamErrors.inc({ upstream, kind });
}
