import "server-only";
import path from "node:path";
import type { TimelineEvent } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { getSettings } from "@/server/config";
import { cascadeMetrics } from "@/server/metrics/registry";
import { processSingleton } from "@/server/process-singleton";
import { getStore } from "@/server/store";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { collectBoard } from "./collect-board";

/**
 * Many browsers watching must not multiply the load on Docker and Prometheus: concurrent requests share the one
 * collection in flight, and a finished one is reused for CACHE_TTL_MS. A Docker event drops the cached board at
 * once, so a `die` is never hidden behind the cache.
 */
export const CACHE_TTL_MS = 1_000;

/** Actions taken on containers (from the audit log) appear on the timeline beside Docker's own events. */
async function withActions(timeline: TimelineEvent[]): Promise<TimelineEvent[]> {
  const entries = await getStore()
    .listAudit({ limit: 50 })
    .catch(() => []);
  const actions = entries
    .filter((entry) => entry.action.startsWith("container.") && entry.result !== "started")
    .map(
      (entry): TimelineEvent => ({
        time: entry.time,
        subject: entry.subject,
        kind: entry.action,
        text: `${entry.action.replace("container.", "")} by ${entry.actor}: ${entry.result}${entry.detail ? ` (${entry.detail})` : ""}`,
        exitCode: null,
      }),
    );
  return [...timeline, ...actions].sort((a, b) => b.time.localeCompare(a.time));
}

class BoardCache {
  private latest: { board: Diagnosis; at: number } | null = null;
  private inFlight: { board: Promise<Diagnosis>; generation: number } | null = null;
  /** Bumped by every Docker event: a collection that started before the event is not shared after it. */
  private generation = 0;
  private subscribed = false;

  /** The diagnosis (facts, no words): render it with lib/messages renderBoard in the reader's locale. */
  async get(): Promise<Diagnosis> {
    this.subscribeToDockerEvents();
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
    const { config, configPath } = getSettings();
    const generation = this.generation;
    const board = collectBoard(config, { configDir: path.dirname(configPath) })
      .then(async (observation) => diagnoseBoard({ ...observation, timeline: await withActions(observation.timeline) }, new Date()))
      .then((diagnosed) => {
        if (generation === this.generation) this.latest = { board: diagnosed, at: Date.now() };
        return diagnosed;
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

  private subscribeToDockerEvents() {
    if (this.subscribed) return;
    this.subscribed = true;
    getDockerEventFeed().subscribe(() => this.invalidate());
  }
}

export const getBoardCache = () => processSingleton("board-cache", () => new BoardCache());
