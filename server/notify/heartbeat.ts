import "server-only";
import { watchdogAlert } from "@/lib/notify/alertmanager";
import { getSettings } from "@/server/config";
import type { AlertmanagerChannel } from "@/server/config/notify-alerting-schema";
import { getLogger } from "@/server/log/logger";
import { processSingleton } from "@/server/process-singleton";
import { STALE_AFTER_INTERVALS } from "@/server/watcher/health";
import { watcherState } from "@/server/watcher/watcher-state";
import { alertContext, postAlerts } from "./alertmanager/channel";
import { alertingMetrics } from "./alertmanager/metrics";
import { originOf, sendRequest } from "./alertmanager/send";

// The dead man's switch for Cascade itself (notify.heartbeat): every interval, a request to heartbeat.url and/or an
// always-firing CascadeWatchdog alert to an Alertmanager channel. Sent by the lease holder only, and only while it
// is really watching (its last collection is fresh), so whoever expects the beat learns when Cascade stops.

const LOG_FAILURE_EVERY_MS = 10 * 60_000;

export function startHeartbeat(isLeader: () => boolean): { stop: () => void } {
  return processSingleton("heartbeat", () => {
    const settings = getSettings();
    const heartbeat = settings.config.notify?.heartbeat;
    if (!heartbeat) return { stop: () => undefined };
    const channel = settings.config.notify?.channels.find(
      (candidate): candidate is AlertmanagerChannel => candidate.type === "alertmanager" && candidate.name === heartbeat.alertmanager,
    );
    const startedAt = new Date();
    const { refreshMs } = settings.config.timeouts;
    let busy = false;
    let lastFailureLog = 0;
    const fail = (target: string, error: string) => {
      if (Date.now() - lastFailureLog < LOG_FAILURE_EVERY_MS) return;
      lastFailureLog = Date.now();
      getLogger().warn({ heartbeat: target, error }, "the heartbeat was not accepted; trying again next interval");
    };
    const beat = async () => {
      const last = watcherState().lastCollection;
      const watching = last !== null && Date.now() - last.at.getTime() < STALE_AFTER_INTERVALS * refreshMs;
      if (busy || !isLeader() || !watching) return;
      busy = true;
      try {
        const sends: Promise<void>[] = [];
        if (heartbeat.url) {
          const url = heartbeat.url;
          sends.push(
            sendRequest(url, { method: heartbeat.method }).then((result) => {
              alertingMetrics().sends.inc({ channel: "heartbeat", result: result.ok ? "ok" : "error" });
              if (!result.ok) fail(originOf(url), result.error);
            }),
          );
        }
        if (channel) {
          const alert = watchdogAlert(alertContext(settings, new Date()), heartbeat.intervalMs, startedAt);
          sends.push(
            postAlerts(channel, [alert]).then((result) => {
              if (!result.ok) fail(`alertmanager:${channel.name}`, result.error);
            }),
          );
        }
        await Promise.all(sends);
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void beat(), heartbeat.intervalMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  });
}
