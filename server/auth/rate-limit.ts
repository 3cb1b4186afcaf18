import "server-only";
import { processSingleton } from "@/server/process-singleton";

// Failed sign-ins (and bad bearer tokens) are limited per client: after MAX_FAILURES within WINDOW_MS, further
// attempts are refused until the window has passed, whether or not the token would now be right.

const WINDOW_MS = 5 * 60_000;
export const MAX_FAILURES = 10;

const failures = () => processSingleton("sign-in-failures", () => new Map<string, number[]>());

/** Behind a proxy, the first X-Forwarded-For address; else one shared bucket for direct clients. */
export function clientKey(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "direct";
}

function recent(key: string, now: number): number[] {
  const list = (failures().get(key) ?? []).filter((time) => now - time < WINDOW_MS);
  failures().set(key, list);
  return list;
}

/** Seconds to wait before trying again, or 0 when the client may try. */
export function retryAfterSeconds(key: string, now = Date.now()): number {
  const list = recent(key, now);
  return list.length >= MAX_FAILURES ? Math.ceil((WINDOW_MS - (now - list[0]!)) / 1000) : 0;
}

export function recordFailure(key: string, now = Date.now()) {
  recent(key, now).push(now);
}
