import "server-only";
import os from "node:os";
import type { IncidentRecord, TrackerState } from "@/lib/incidents/types";
import { heldBy } from "@/lib/maintenance/windows";
import type { AlertContext, AlertmanagerAlert } from "@/lib/notify/alertmanager";
import { afterSend, type ChannelState, emptyChannelState, planRound } from "@/lib/notify/alertmanager-plan";
import type { AppSettings } from "@/server/config";
import type { AlertmanagerChannel } from "@/server/config/notify-alerting-schema";
import { getLogger } from "@/server/log/logger";
import { currentWindows } from "@/server/maintenance/windows";
import type { CascadeStore } from "@/server/store";
import { alertingMetrics } from "./metrics";
import { originOf, type SendResult, sendRequest } from "./send";

// One Alertmanager channel's loop: a round every few seconds on the lease holder, apart from the watcher (a slow or
// absent Alertmanager never delays a collection) and from the other channels' queue. What was announced lives in
// the store (watcher_state), so a restart or another replica taking over goes on without announcing anything twice.

/** A failing Alertmanager is logged when it starts failing, then at most this often while it goes on. */
const LOG_FAILURE_EVERY_MS = 10 * 60_000;

export const channelStateKey = (name: string) => `notify:alertmanager:${name}`;

/** The `stack` label and the link base of every alert. */
export function alertContext(settings: AppSettings, now: Date): AlertContext {
  const notify = settings.config.notify;
  return { stack: notify?.stack ?? os.hostname(), publicUrl: settings.config.server?.publicUrl ?? null, now };
}

/** POSTs alerts to the channel's Alertmanager (v2 API), counted and never thrown. */
export async function postAlerts(channel: AlertmanagerChannel, alerts: AlertmanagerAlert[]): Promise<SendResult> {
  const base = channel.url.replace(/\/+$/, "");
  const result = await sendRequest(`${base}/api/v2/alerts`, { method: "POST", body: JSON.stringify(alerts) });
  alertingMetrics().sends.inc({ channel: channel.name, result: result.ok ? "ok" : "error" });
  return result;
}

export class AlertmanagerChannelLoop {
  private lastFailureLog = 0;

  constructor(
    private readonly channel: AlertmanagerChannel,
    private readonly store: CascadeStore,
    private readonly settings: AppSettings,
  ) {}

  /** One round: read, plan, POST when due, remember. */
  async round(now = new Date()): Promise<void> {
    const key = channelStateKey(this.channel.name);
    const stored = await this.store.getWatcherState(key);
    const state: ChannelState = stored ? { ...emptyChannelState(), ...(JSON.parse(stored) as ChannelState) } : emptyChannelState();
    const [open, tracker, windows] = await Promise.all([
      this.store.getOpenIncident(),
      this.store.getWatcherState("incident-tracker"),
      currentWindows(now, this.store).catch(() => []),
    ]);
    const known: Record<string, IncidentRecord | null> = {};
    for (const id of Object.keys(state.incidents)) known[id] = id === open?.id ? open : await this.store.getIncident(id);
    const plan = planRound({
      state,
      open,
      currentStatus: tracker ? (JSON.parse(tracker) as TrackerState).lastStatus : null,
      known,
      held: (incident) => heldBy(windows, incident, now) !== null,
      rules: { minStatus: this.channel.minStatus, only: this.channel.only },
      context: { ...alertContext(this.settings, now), locale: this.channel.locale },
    });
    let next = plan.next;
    if (plan.alerts.length > 0) {
      const result = await postAlerts(this.channel, plan.alerts);
      next = afterSend(plan.next, result, now);
      if (!result.ok) this.logFailure(next, now);
      else if (state.failures > 0)
        getLogger().info({ channel: this.channel.name, failures: state.failures }, "Alertmanager accepts alerts again");
    }
    const json = JSON.stringify(next);
    if (json !== stored) await this.store.putWatcherState(key, json);
  }

  private logFailure(state: ChannelState, now: Date) {
    if (state.failures > 1 && now.getTime() - this.lastFailureLog < LOG_FAILURE_EVERY_MS) return;
    this.lastFailureLog = now.getTime();
    getLogger().warn(
      {
        channel: this.channel.name,
        alertmanager: originOf(this.channel.url),
        failures: state.failures,
        failingSince: state.failingSince,
        error: state.lastError,
      },
      "Alertmanager did not accept the alerts; retrying each round",
    );
  }
}
