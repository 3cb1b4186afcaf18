"use client";

import { formatDuration } from "@/lib/format/relative-time";
import type { StreamState } from "./hooks/use-board";
import { useNow } from "./hooks/use-now";

const STALE_AFTER_MS = 20_000;
const STREAM_WORDS: Record<StreamState, string> = { live: "live", broken: "reconnecting, polling", connecting: "connecting" };

/**
 * "updated 3 seconds ago": its own clock, so the tick re-renders this line only. Not a live region: a screen reader
 * would read it every second. The status change is announced once, elsewhere.
 */
export function Freshness({ generatedAt, stream }: { generatedAt: string; stream: StreamState }) {
  const now = useNow(1_000, generatedAt);
  const ageMs = Math.max(0, now.getTime() - Date.parse(generatedAt));
  const stale = ageMs > STALE_AFTER_MS;
  return (
    <p
      className={`text-sm tabular-nums ${stale ? "font-semibold text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}`}
      data-testid="freshness"
    >
      {stale ? "⚠ Stale: " : ""}updated {formatDuration(ageMs / 1000)} ago · {STREAM_WORDS[stream]}
    </p>
  );
}
