import "server-only";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { cascadeMetrics } from "@/server/metrics/registry";
import { processSingleton } from "@/server/process-singleton";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { getWatcher } from "@/server/watcher/watcher";

/**
 * Many browsers watching must not multiply the load on Docker and Prometheus: concurrent requests share the one
 * collection in flight, and a finished one is reused for CACHE_TTL_MS. A Docker event drops the cached board at
 * once, so a `die` is never hidden behind the cache.
 */
export const CACHE_TTL_MS = 1_000;

export class BoardCache {
  private latest: { board: Diagnosis; at: number } | null = null;
  private inFlight: { board: Promise<Diagnosis>; generation: number } | null = null;
  /** Bumped by every invalidation: a collection that started before it is not shared after it. */
  private generation = 0;

  constructor(private readonly build: () => Promise<Diagnosis>) {}

  async get(): Promise<Diagnosis> {
    const metrics = cascadeMetrics().boardRequests;
    if (this.latest && Date.now() - this.latest.at < CACHE_TTL_MS) {
      metrics.inc({ source: "cache" });
      return { ...this.latest.board, collection: { ...this.latest.board.collection, cached: true } };
    }
    if (this.inFlight && this.inFlight.generation === this.generation) {
      metrics.inc({ source: "shared" });
      return this.inFlight.board;
    }
    metrics.inc({ source: "fresh" });
    const generation = this.generation;
    const board = this.build()
      .then((built) => {
        if (generation === this.generation) this.latest = { board: built, at: Date.now() };
        return built;
      })
      .finally(() => {
        if (this.inFlight?.board === board) this.inFlight = null;
      });
    this.inFlight = { board, generation };
    return board;
  }

  invalidate() {
    this.latest = null;
    this.generation += 1;
  }
}

/** Reads the watcher's latest board (server/watcher): viewers never start a collection of their own. */
export const getBoardCache = () =>
  processSingleton("board-cache", () => {
    const watcher = getWatcher();
    const cache = new BoardCache(() => watcher.latestBoard());
    watcher.onUpdate(() => cache.invalidate());
    getDockerEventFeed().subscribe(() => cache.invalidate());
    return cache;
  });
