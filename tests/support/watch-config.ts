import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./demo-stack";

/**
 * The demo stack's containers, Prometheus and metrics endpoint with a short refresh interval, for the watcher's tests.
 * Without its dashboards: two of their panels read a metric no service exports yet (a lasting `degraded`), and the
 * watcher's tests need a stack that is `ok` until they break it.
 */
export function shortIntervalConfig(refreshMs = 1_000): string {
  const demoConfig = fs.readFileSync(path.join(ROOT, "demo/cascade.yaml"), "utf8").replace(/^grafana:\n(?: {2}.*\n?)*/m, "");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-watch-"));
  const file = path.join(dir, "cascade.yaml");
  fs.writeFileSync(file, `${demoConfig}\ntimeouts:\n  refreshMs: ${refreshMs}\nincidents:\n  openAfter: 2\n  resolveAfter: 3\n`);
  return file;
}

/** Polls `probe` every 100 ms until it gives a value (not undefined), up to `timeoutMs`; throws with `what` after. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited ${timeoutMs} ms for ${what}`);
}
