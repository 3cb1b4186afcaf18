import "server-only";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { getSettings } from "@/server/config";
import { errorFields, getLogger } from "@/server/log/logger";
import { cascadeMetrics } from "@/server/metrics/registry";
import { notifyAfterCollection } from "@/server/notify";
import { startAlertmanagerChannels } from "@/server/notify/alertmanager/start";
import { startHeartbeat } from "@/server/notify/heartbeat";
import { processSingleton } from "@/server/process-singleton";
import { getStore } from "@/server/store";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { IncidentTracker } from "./incident-tracker";
import { replicaId, WatcherLease } from "./lease";
import { startWatcher } from "./watcher";

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Starts watching with the server: the collection loop, the lease, and (on the lease holder only) the incident
 * tracker. Tracking never overlaps itself: a board that arrives while the store is still writing the previous one
 * waits as the one next board (a newer one replaces it, and the replaced one is counted as skipped).
 */
export function startWatching() {
  return processSingleton("watching", () => {
    const { config } = getSettings();
    const { refreshMs } = config.timeouts;
    const store = getStore();
    const replica = replicaId();
    const lease = new WatcherLease(store, replica, refreshMs);
    const tracker = new IncidentTracker(store, config.incidents, refreshMs, replica);
    const watcher = startWatcher();
    lease.start();
    // Notifiers of issue 13: their own loops, on the lease holder only; they never wait for or delay the watcher.
    startAlertmanagerChannels(() => lease.isLeader());
    startHeartbeat(() => lease.isLeader());
    getDockerEventFeed().subscribe((event) => tracker.noteDockerEvent(event));
    let busy = false;
    let waiting: Diagnosis | null = null;
    let lastPrune = 0;
    const track = async (board: Diagnosis) => {
      busy = true;
      try {
        await tracker.handle(board);
        notifyAfterCollection(board);
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = Date.now();
          await store.pruneWatchHistory(new Date(Date.now() - config.incidents.retentionDays * DAY_MS));
        }
      } catch (error) {
        cascadeMetrics().incidentStoreErrors.inc({ operation: "incident" });
        getLogger().error(errorFields(error), "the watcher could not record this collection");
      } finally {
        busy = false;
      }
      const next = waiting;
      waiting = null;
      if (next && lease.isLeader()) await track(next);
    };
    watcher.onUpdate((update) => {
      if (!("board" in update) || !lease.isLeader()) return;
      if (busy) {
        if (waiting) cascadeMetrics().watcherSkipped.inc({ reason: "store-busy" });
        waiting = update.board;
        return;
      }
      void track(update.board);
    });
    return { watcher, lease, tracker, replica };
  });
}
