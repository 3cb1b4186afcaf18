import "server-only";
import packageJson from "@/package.json";
import { getSettings } from "@/server/config";
import { getStore } from "@/server/store";
import { watcherState } from "./watcher-state";

/** A store that answers slower than this is reported as not ok: the health check must stay fast. */
const STORE_PROBE_MS = 1_000;
/** Healthy while the last collection is younger than this many refresh intervals. */
export const STALE_AFTER_INTERVALS = 3;

export interface HealthReport {
  status: "ok" | "stale";
  version: string;
  uptimeSeconds: number;
  lastCollection: { at: string | null; ageMs: number | null; durationMs: number | null };
  watcher: { leader: boolean; holder: string | null };
  store: { kind: "sqlite" | "postgres"; ok: boolean };
}

/** This process's health, without any upstream detail (no URLs, no errors): safe to answer without authentication. */
export async function readHealth(now = new Date()): Promise<{ healthy: boolean; report: HealthReport }> {
  const state = watcherState();
  const { refreshMs } = getSettings().config.timeouts;
  const last = state.lastCollection;
  const ageMs = last ? Math.max(0, now.getTime() - last.at.getTime()) : null;
  const healthy = ageMs !== null && ageMs < STALE_AFTER_INTERVALS * refreshMs;
  const store = getStore();
  const report: HealthReport = {
    status: healthy ? "ok" : "stale",
    version: packageJson.version,
    uptimeSeconds: Math.floor((now.getTime() - state.startedAt.getTime()) / 1000),
    lastCollection: { at: last?.at.toISOString() ?? null, ageMs, durationMs: last?.durationMs ?? null },
    watcher: { leader: state.lease.leader, holder: state.lease.holder },
    store: { kind: store.kind, ok: await probeStore() },
  };
  return { healthy, report };
}

async function probeStore(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_PROBE_MS);
  });
  const read = getStore()
    .listAudit({ limit: 1 })
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
