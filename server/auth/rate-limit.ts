import "server-only";
import { getSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";

// Failed sign-ins (and bad bearer tokens) are limited per client: after MAX_FAILURES within WINDOW_MS, further
// attempts are refused until the window has passed, whether or not the token would now be right.

const WINDOW_MS = 5 * 60_000;
export const MAX_FAILURES = 10;

const failures = () => processSingleton("sign-in-failures", () => new Map<string, number[]>());

/**
 * With auth.trustProxy (a reverse proxy in front sets X-Forwarded-For), the client's address; otherwise the header
 * could be forged to get fresh guesses, so all direct clients share one bucket.
 */
export function clientKey(request: Request): string {
  if (!getSettings().config.auth.trustProxy) return "direct";
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "direct";
}

function recent(key: string, now: number): number[] {
  const map = failures();
  const list = (map.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
  if (list.length === 0) map.delete(key);
  else map.set(key, list);
  // Keys no longer failing are dropped above; cap the rest so changing keys cannot grow the map without end.
  if (map.size > 10_000) map.delete(map.keys().next().value!);
  return list;
}

/** Seconds to wait before trying again, or 0 when the client may try. */
export function retryAfterSeconds(key: string, now = Date.now()): number {
  const list = recent(key, now);
  return list.length >= MAX_FAILURES ? Math.ceil((WINDOW_MS - (now - list[0]!)) / 1000) : 0;
}

export function recordFailure(key: string, now = Date.now()) {
  failures().set(key, [...recent(key, now), now]);
}
