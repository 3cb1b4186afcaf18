import "server-only";
import { processSingleton } from "@/server/process-singleton";

/** The last finished collection of this process: when it ended and how long it took. */
export interface CollectionRecord {
  at: Date;
  durationMs: number;
}

/**
 * What this process knows about its own watching, read by GET /api/health and Cascade's metrics: the last
 * collection, and whether this replica holds the watcher lease (and who does). In memory on purpose: it describes
 * this process, not the stack.
 */
export interface WatcherState {
  readonly startedAt: Date;
  lastCollection: CollectionRecord | null;
  lease: { leader: boolean; holder: string | null };
}

export const watcherState = (): WatcherState =>
  processSingleton("watcher-state", () => ({ startedAt: new Date(), lastCollection: null, lease: { leader: false, holder: null } }));

/** Records a finished collection (successful or not: a collection that ran is a sign of life). */
export function recordCollection(startedAtMs: number, endedAt = new Date()) {
  watcherState().lastCollection = { at: endedAt, durationMs: Math.max(0, endedAt.getTime() - startedAtMs) };
}
