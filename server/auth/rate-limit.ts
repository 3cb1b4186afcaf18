import "server-only";
import { getSettings } from "@/server/config";
import { getStore } from "@/server/store";
import { storeCall } from "./store-call";

// Failed sign-ins (and bad bearer tokens) are limited per client: after MAX_FAILURES within WINDOW_MS, further
// attempts are refused until the window has passed, whether or not the token would now be right. The failures live
// in the store, so replicas sharing PostgreSQL share the limit.

const WINDOW_MS = 5 * 60_000;
export const MAX_FAILURES = 10;

/**
 * With auth.trustProxy (a reverse proxy in front sets X-Forwarded-For), the client's address; otherwise the header
 * could be forged to get fresh guesses, so all direct clients share one bucket.
 */
export function clientKey(request: Request): string {
  if (!getSettings().config.auth.trustProxy) return "direct";
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "direct";
}

/** Seconds to wait before trying again, or 0 when the client may try. Throws (503) when the store cannot say. */
export async function retryAfterSeconds(key: string, now = Date.now()): Promise<number> {
  const times = await storeCall(() => getStore().listSignInFailures(key, new Date(now - WINDOW_MS)));
  if (times.length < MAX_FAILURES) return 0;
  // Allowed again once fewer than MAX_FAILURES remain inside the window.
  const deciding = Date.parse(times[times.length - MAX_FAILURES]!);
  return Math.max(1, Math.ceil((WINDOW_MS - (now - deciding)) / 1000));
}

export async function recordFailure(key: string, now = Date.now()): Promise<void> {
  await storeCall(() => getStore().recordSignInFailure(key, new Date(now), new Date(now - WINDOW_MS)));
}
