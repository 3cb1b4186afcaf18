import "server-only";
import client from "prom-client";
import { processSingleton } from "@/server/process-singleton";
import type { UpstreamErrorKind, UpstreamName } from "@/server/upstreams/errors";

// Cascade's own metrics, served at GET /metrics so the Prometheus it watches can scrape it too.

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "cascade_" });
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
  };
}

export const cascadeMetrics = () => processSingleton("metrics", createMetrics);

export function recordUpstreamError(upstream: UpstreamName, kind: UpstreamErrorKind) {
  cascadeMetrics().upstreamErrors.inc({ upstream, kind });
}
