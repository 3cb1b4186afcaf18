// When a failed delivery is tried again (docs/notifications.md): about 1 s, 5 s, 30 s, 2 min, then every 10 min,
// and given up an hour after it was enqueued. Tests shorten both with CASCADE_NOTIFY_BACKOFF_MS ("100,200,300":
// the delays, the last one repeated) and CASCADE_NOTIFY_GIVE_UP_MS; nothing else reads them.

export const DEFAULT_BACKOFF_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];
export const DEFAULT_GIVE_UP_MS = 3_600_000;

export interface RetryPolicy {
  backoffMs: readonly number[];
  giveUpMs: number;
}

export function retryPolicyFrom(env: Record<string, string | undefined>): RetryPolicy {
  const listed = (env.CASCADE_NOTIFY_BACKOFF_MS ?? "")
    .split(",")
    .map((part) => Number(part.trim()))
    .filter((ms) => part(ms));
  const giveUp = Number(env.CASCADE_NOTIFY_GIVE_UP_MS);
  return { backoffMs: listed.length > 0 ? listed : DEFAULT_BACKOFF_MS, giveUpMs: part(giveUp) ? giveUp : DEFAULT_GIVE_UP_MS };
}

function part(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0;
}

/**
 * After the `attempts`-th failed attempt (1 = the first) at `now` of a delivery enqueued at `createdAt`: when to try
 * again, or null to give up.
 */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, createdAt: Date, now: Date): Date | null {
  if (now.getTime() - createdAt.getTime() >= policy.giveUpMs) return null;
  const delay = policy.backoffMs[Math.min(attempts - 1, policy.backoffMs.length - 1)]!;
  return new Date(now.getTime() + delay);
}
