import "server-only";
import client from "prom-client";
import { cascadeMetrics } from "@/server/metrics/registry";
import { processSingleton } from "@/server/process-singleton";

/** POSTs to Alertmanager channels and heartbeat requests, by channel (or `heartbeat`) and result (ok, error). */
export const alertingMetrics = () =>
  processSingleton("alerting-metrics", () => ({
    sends: new client.Counter({
      name: "cascade_notify_alertmanager_sends_total",
      help: "POSTs to Alertmanager channels and heartbeat requests, by channel (heartbeat: `heartbeat`) and result (ok, error).",
      labelNames: ["channel", "result"],
      registers: [cascadeMetrics().registry],
    }),
  }));
