import "server-only";
import path from "node:path";
import type { Board } from "@/lib/contracts/board";
import { getSettings } from "@/server/config";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { processSingleton } from "@/server/process-singleton";
import { collectBoard } from "./collect-board";

/**
 * Many browsers watching must not multiply the load on Docker and Prometheus: concurrent requests share the one
 * collection in flight, and a finished one is reused for CACHE_TTL_MS. A Docker event drops the cached board at
 * once, so a `die` is never hidden behind the cache.
 */
export const CACHE_TTL_MS = 1_000;

class BoardCache {
  private latest: { board: Board; at: number } | null = null;
  private inFlight: Promise<Board> | null = null;
  private subscribed = false;

  async get(): Promise<Board> {
    this.subscribeToDockerEvents();
    const metrics = cascadeMetrics().boardRequests;
    if (this.latest && Date.now() - this.latest.at < CACHE_TTL_MS) {
      metrics.inc({ source: "cache" });
      return { ...this.latest.board, collection: { ...this.latest.board.collection, cached: true } };
    }
    if (this.inFlight) {
      metrics.inc({ source: "shared" });
      return this.inFlight;
    }
    metrics.inc({ source: "fresh" });
    const { config, configPath } = getSettings();
    this.inFlight = collectBoard(config, { configDir: path.dirname(configPath) })
      .then((board) => {
        this.latest = { board, at: Date.now() };
        return board;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  invalidate() {
    this.latest = null;
  }

  private subscribeToDockerEvents() {
    if (this.subscribed) return;
    this.subscribed = true;
    getDockerEventFeed().subscribe(() => this.invalidate());
  }
}

export const getBoardCache = () => processSingleton("board-cache", () => new BoardCache());
