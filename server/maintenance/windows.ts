import "server-only";
import type { IncidentRecord } from "@/lib/incidents/types";
import { heldBy, type MaintenanceWindow, withMark } from "@/lib/maintenance/windows";
import { processSingleton } from "@/server/process-singleton";
import { getStore } from "@/server/store";
import type { CascadeStore } from "@/server/store/types";

// The windows as the watcher and the notifiers read them: from the store (replicas share them), read at most once a
// second per process, so a storm of incidents or channels asks the store once.

const CACHE_MS = 1_000;

interface Cached {
  at: number;
  windows: Promise<MaintenanceWindow[]>;
}

/** Current and upcoming windows (those ending after `now`). */
const cacheOf = () => processSingleton("maintenance-cache", () => new WeakMap<CascadeStore, Cached>());

export function currentWindows(now = new Date(), store: CascadeStore = getStore()): Promise<MaintenanceWindow[]> {
  const cache = cacheOf();
  const entry = cache.get(store);
  if (entry && Math.abs(now.getTime() - entry.at) < CACHE_MS) return entry.windows;
  const windows = store.listMaintenanceWindows({ endingAfter: now });
  cache.set(store, { at: now.getTime(), windows });
  // A failed read is not cached: the next caller asks again.
  windows.catch(() => {
    if (cache.get(store)?.windows === windows) cache.delete(store);
  });
  return windows;
}

/** Forgets the cached windows (after a window is created or ended here). */
export function forgetWindows(store: CascadeStore = getStore()) {
  cacheOf().delete(store);
}

/**
 * Whether a maintenance window holds `incident` at `now`: while it does, nothing about it is sent. A store that cannot
 * say counts as not held (a message too many beats a silent outage).
 */
export async function isHeld(incident: IncidentRecord, now = new Date()): Promise<boolean> {
  const windows = await currentWindows(now).catch(() => []);
  return heldBy(windows, incident, now) !== null;
}

/** The incident, marked with the window holding it now, if any (the watcher calls this before each write). */
export async function markMaintenance(incident: IncidentRecord, now: Date, store: CascadeStore): Promise<IncidentRecord> {
  const windows = await currentWindows(now, store).catch(() => []);
  const window = heldBy(windows, incident, now);
  return window ? withMark(incident, window) : incident;
}
