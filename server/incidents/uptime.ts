import "server-only";
import type { UptimeWindow } from "@/lib/contracts/incidents";
import type { TrackerState } from "@/lib/incidents/types";
import { dailyShares, type UPTIME_WINDOWS, uptimeWindow } from "@/lib/uptime/uptime";
import { getSettings } from "@/server/config";
import { listChangesWithMaintenance } from "@/server/maintenance/uptime";
import { getStore } from "@/server/store";

const DAY_MS = 86_400_000;

/** The end of what is known: the last collection the watcher recorded, plus the interval it is due in. */
async function watchedUntil(): Promise<Date | null> {
  const stored = await getStore().getWatcherState("incident-tracker");
  const last = stored ? (JSON.parse(stored) as TrackerState).lastCollectionAt : null;
  return last ? new Date(Date.parse(last) + getSettings().config.timeouts.refreshMs) : null;
}

export async function readUptime(from: Date, to: Date): Promise<UptimeWindow> {
  const [changes, until] = await Promise.all([listChangesWithMaintenance(from, to), watchedUntil()]);
  return uptimeWindow(changes, from, to, until);
}

export async function readUptimeSummary(now = new Date()): Promise<Record<keyof typeof UPTIME_WINDOWS, UptimeWindow>> {
  const from = new Date(now.getTime() - 90 * DAY_MS);
  const [changes, until] = await Promise.all([listChangesWithMaintenance(from, now), watchedUntil()]);
  const window = (days: number) => {
    const start = new Date(now.getTime() - days * DAY_MS);
    // The state at the window's start is the last change before it: keep those, and everything inside.
    const before = new Map<string, (typeof changes)[number]>();
    for (const change of changes) if (Date.parse(change.time) <= start.getTime()) before.set(change.part, change);
    const inside = changes.filter((change) => Date.parse(change.time) > start.getTime());
    return uptimeWindow([...before.values(), ...inside], start, now, until);
  };
  return { "24h": window(1), "7d": window(7), "30d": window(30), "90d": window(90) };
}

/** One share per day and part for the last `days` days (oldest first): the board's status-page bars. */
export async function readDailyUptime(days = 90, now = new Date()): Promise<{ until: string; parts: Record<string, (number | null)[]> }> {
  const [changes, until] = await Promise.all([listChangesWithMaintenance(new Date(now.getTime() - days * DAY_MS), now), watchedUntil()]);
  const parts: Record<string, (number | null)[]> = {};
  for (const part of new Set(changes.map((change) => change.part))) parts[part] = dailyShares(changes, part, days, now, until);
  return { until: now.toISOString(), parts };
}
