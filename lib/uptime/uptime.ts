import type { UptimeWindow } from "@/lib/contracts/incidents";
import type { PartState, StateChange } from "@/lib/incidents/types";

// Uptime from recorded state changes, time-weighted: the share of the known time a part was ok in a window. Time
// nobody watched (before the first record, watcher gaps, after the last collection) is unknown and left out.

export interface PartTime {
  okMs: number;
  downMs: number;
  unknownMs: number;
  /** Inside a maintenance window: left out of the shares like unknown time, but counted apart. */
  maintenanceMs: number;
}

/** Each part's ok / down / unknown time in [from, to); `watchedUntil` ends what is known (the last collection). */
export function partTimes(changes: StateChange[], from: Date, to: Date, watchedUntil: Date | null): Map<string, PartTime> {
  const start = from.getTime();
  const end = to.getTime();
  const known = Math.min(end, watchedUntil ? watchedUntil.getTime() : start);
  const byPart = new Map<string, StateChange[]>();
  for (const change of changes) byPart.set(change.part, [...(byPart.get(change.part) ?? []), change]);
  const result = new Map<string, PartTime>();
  for (const [part, list] of byPart) {
    const sorted = [...list].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const times: PartTime = { okMs: 0, downMs: 0, unknownMs: 0, maintenanceMs: 0 };
    let state: PartState = "unknown";
    let at = start;
    const add = (until: number) => {
      const from = Math.max(at, start);
      const to = Math.min(until, end);
      if (to <= from) return;
      // Past the last collection nothing is known, whatever the last recorded state said.
      const knownPart = Math.max(0, Math.min(to, known) - from);
      const unknownPart = to - from - knownPart;
      if (state === "ok") times.okMs += knownPart;
      else if (state === "down") times.downMs += knownPart;
      else if (state === "maintenance") times.maintenanceMs += knownPart;
      else times.unknownMs += knownPart;
      times.unknownMs += unknownPart;
    };
    for (const change of sorted) {
      const time = Date.parse(change.time);
      if (time > at) add(time);
      at = Math.max(at, time);
      state = change.state;
    }
    add(end);
    result.set(part, times);
  }
  return result;
}

/** ok / (ok + down), or null when nothing in the window is known. */
export const share = (times: PartTime | undefined): number | null =>
  times && times.okMs + times.downMs > 0 ? times.okMs / (times.okMs + times.downMs) : null;

export function uptimeWindow(changes: StateChange[], from: Date, to: Date, watchedUntil: Date | null): UptimeWindow {
  const times = partTimes(changes, from, to, watchedUntil);
  const containers: UptimeWindow["containers"] = {};
  const dashboards: UptimeWindow["dashboards"] = {};
  for (const [part, partTime] of times) {
    if (part.startsWith("container:")) containers[part.slice("container:".length).replace(/^[^/]+\//, "")] = share(partTime);
    else if (part.startsWith("dashboard:")) dashboards[part.slice("dashboard:".length)] = share(partTime);
  }
  const stack = times.get("stack");
  return {
    stack: share(stack),
    containers,
    dashboards,
    unknownMs: stack ? stack.unknownMs : Math.max(0, to.getTime() - from.getTime()),
    maintenanceMs: stack ? stack.maintenanceMs : 0,
  };
}

export const UPTIME_WINDOWS = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;

/** One share per day for the last `days` days (oldest first), for the board's bars. */
export function dailyShares(changes: StateChange[], part: string, days: number, now: Date, watchedUntil: Date | null): (number | null)[] {
  const dayMs = 86_400_000;
  const own = changes.filter((change) => change.part === part);
  return Array.from({ length: days }, (_, index) => {
    const to = new Date(now.getTime() - (days - 1 - index) * dayMs);
    const from = new Date(to.getTime() - dayMs);
    return share(partTimes(own, from, to, watchedUntil).get(part));
  });
}
