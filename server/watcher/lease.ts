import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { cascadeMetrics } from "@/server/metrics/registry";
import type { CascadeStore } from "@/server/store";
import { watcherState } from "./watcher-state";

export const LEASE_NAME = "watcher";

/** This replica's name in the lease: host and process, plus a random part so a restarted process is a new holder. */
export const replicaId = () => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;

/**
 * The watcher lease: exactly one replica on a shared store decides incidents. Renewed every half interval and valid
 * for one and a half, so when the holder dies another replica takes over within two intervals; a store that does not
 * answer counts as not holding it (never two deciders).
 */
export class WatcherLease {
  private timer: NodeJS.Timeout | null = null;
  private leader = false;

  constructor(
    private readonly store: CascadeStore,
    private readonly holder: string,
    private readonly intervalMs: number,
  ) {}

  get ttlMs() {
    return Math.round(this.intervalMs * 1.5);
  }

  isLeader() {
    return this.leader;
  }

  start() {
    if (this.timer) return;
    void this.renew();
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.round(this.intervalMs / 2)));
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.leader) await this.store.releaseLease(LEASE_NAME, this.holder).catch(() => undefined);
    this.set(false, null);
  }

  /** Takes or renews the lease; returns whether this replica holds it now. */
  async renew(now = new Date()): Promise<boolean> {
    try {
      const lease = await this.store.takeLease(LEASE_NAME, this.holder, this.ttlMs, now);
      this.set(lease.held, lease.holder);
    } catch {
      cascadeMetrics().incidentStoreErrors.inc({ operation: "lease" });
      this.set(false, watcherState().lease.holder);
    }
    return this.leader;
  }

  private set(leader: boolean, holder: string | null) {
    this.leader = leader;
    const previous = watcherState().lease.holder;
    watcherState().lease = { leader, holder };
    const gauge = cascadeMetrics().watcherLeader;
    if (previous && previous !== holder) gauge.remove({ holder: previous });
    if (holder) gauge.set({ holder }, leader ? 1 : 0);
  }
}
