import "server-only";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { buildCurrentBoard } from "@/server/collect/current-board";
import { getSettings } from "@/server/config";
import { errorFields, getLogger } from "@/server/log/logger";
import { cascadeMetrics } from "@/server/metrics/registry";
import { processSingleton } from "@/server/process-singleton";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { collectYoungGarbageSoon } from "./young-garbage";

/** Docker sends several events for one change (kill, die, stop): collect once, this long after they settle. */
export const EVENT_SETTLE_MS = 100;

/** After a collection, when the young generation is emptied (server/watcher/young-garbage.ts). */
const YOUNG_GARBAGE_DELAY_MS = 250;

/** How long a reader waits for the collection a Docker event triggered before it takes the board from before. */
const STALE_WAIT_MS = 10_000;

export type WatcherUpdate = { board: Diagnosis } | { error: unknown };
type Listener = (update: WatcherUpdate) => void;

/**
 * The one collection loop of the process: every refresh interval and at once after a Docker event, whether anyone
 * watches or not. Never two collections at once and never a queue: a trigger that arrives during a collection
 * becomes one follow-up run (later ones are counted as skipped). Everything else (the board cache, the SSE stream,
 * the incident tracker) reads the latest result from here.
 */
export class Watcher {
  private latest: WatcherUpdate | null = null;
  private running: Promise<void> | undefined;
  private followUp = false;
  private readonly listeners = new Set<Listener>();
  private stopTimers: (() => void) | null = null;
  private firstResult: Promise<void>;
  private resolveFirst!: () => void;
  /** Bumped by every Docker event; a board from a collection that started before the last one is stale. */
  private eventGeneration = 0;
  private latestGeneration = -1;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly collect: () => Promise<Diagnosis>,
    private readonly intervalMs: number,
  ) {
    this.firstResult = new Promise((resolve) => {
      this.resolveFirst = resolve;
    });
  }

  /** Starts the timers (idempotent) and the first collection. */
  start(subscribeToEvents: (onEvent: () => void) => () => void = () => () => undefined) {
    if (this.stopTimers) return;
    let settle: NodeJS.Timeout | undefined;
    const unsubscribe = subscribeToEvents(() => {
      this.eventGeneration += 1;
      clearTimeout(settle);
      settle = setTimeout(() => this.trigger("event"), EVENT_SETTLE_MS);
    });
    const interval = setInterval(() => this.trigger("interval"), this.intervalMs);
    this.stopTimers = () => {
      clearTimeout(settle);
      clearInterval(interval);
      unsubscribe();
    };
    this.trigger("start");
  }

  stop() {
    this.stopTimers?.();
    this.stopTimers = null;
  }

  /** The latest board (waiting for the first collection if there is none yet); rejects when that collection failed. */
  async latestBoard(): Promise<Diagnosis> {
    if (!this.latest) {
      if (!this.stopTimers && this.running === undefined) this.trigger("start");
      await this.firstResult;
    }
    // A `die` is never hidden: after a Docker event, wait (bounded) for the collection it triggered.
    const deadline = Date.now() + STALE_WAIT_MS;
    while (this.latestGeneration < this.eventGeneration && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const latest = this.latest!;
    if ("error" in latest) throw latest.error;
    return latest.board;
  }

  /** Called after every collection; returns how to stop. */
  onUpdate(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Something newer than the latest board is known (an opened dashboard's queries were just run): the next
   * `latestBoard()` waits (bounded) for the collection this starts, as after a Docker event.
   */
  refresh() {
    this.eventGeneration += 1;
    this.trigger("refresh");
  }

  /** Asks for a collection now: runs one, or, when one is running, at most one more right after it. */
  trigger(reason: "start" | "interval" | "event" | "refresh") {
    if (this.running !== undefined) {
      if (this.followUp) cascadeMetrics().watcherSkipped.inc({ reason: `busy-${reason}` });
      this.followUp = true;
      return;
    }
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (this.followUp) {
        this.followUp = false;
        this.trigger(reason);
      }
    });
  }

  /** Resolves when no collection is running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async runOnce() {
    const generation = this.eventGeneration;
    const update: WatcherUpdate = await this.collect().then(
      (board) => ({ board }),
      (error: unknown) => ({ error }),
    );
    this.latest = update;
    this.latestGeneration = generation;
    this.resolveFirst();
    for (const wake of this.waiters.splice(0)) wake();
    cascadeMetrics().watcherCollections.inc({ result: "board" in update ? "ok" : "error" });
    for (const listener of [...this.listeners]) {
      try {
        listener(update);
      } catch (error) {
        getLogger().error(errorFields(error), "a watcher listener failed");
      }
    }
    // Once the listeners' writes are done, well before the next collection.
    collectYoungGarbageSoon(YOUNG_GARBAGE_DELAY_MS);
  }
}

/** The process's watcher (not started until startWatcher() or the first read). */
export const getWatcher = () => processSingleton("watcher", () => new Watcher(buildCurrentBoard, getSettings().config.timeouts.refreshMs));

/** Starts the process's watcher: collections every refresh interval and after Docker events. */
export function startWatcher(): Watcher {
  const watcher = getWatcher();
  watcher.start((onEvent) => getDockerEventFeed().subscribe(onEvent));
  return watcher;
}
