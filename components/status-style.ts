import type { QueryStatus } from "@/lib/contracts/board";
import type { StackStatus } from "@/lib/contracts/diagnosis";
import type { Tone } from "@/lib/format/container-status";

// One mapping from statuses to words, icons and tones, so colour is never the only signal.

export const STACK_STATUS: Record<StackStatus, { tone: Tone; icon: string; word: string; color: string }> = {
  ok: { tone: "ok", icon: "✓", word: "All systems working", color: "#059669" },
  degraded: { tone: "warn", icon: "!", word: "Degraded", color: "#d97706" },
  down: { tone: "bad", icon: "✗", word: "Down", color: "#dc2626" },
};

export const DASHBOARD_STATUS: Record<"ok" | "degraded" | "down" | "unknown", { tone: Tone; word: string }> = {
  ok: { tone: "ok", word: "Working" },
  degraded: { tone: "warn", word: "Degraded" },
  down: { tone: "bad", word: "Down" },
  unknown: { tone: "unknown", word: "Unknown" },
};

export const QUERY_STATUS: Record<QueryStatus, { tone: Tone; word: string }> = {
  ok: { tone: "ok", word: "Data" },
  "no-data": { tone: "warn", word: "No data" },
  "missing-metric": { tone: "warn", word: "Missing metric" },
  error: { tone: "bad", word: "Query error" },
  unreachable: { tone: "bad", word: "Unreachable" },
  skipped: { tone: "unknown", word: "Skipped" },
};

/** The browser tab tells the status too, so a background tab on a wall screen still shows it. */
export function statusTitle(status: StackStatus | null): string {
  const style = status ? STACK_STATUS[status] : null;
  return style ? `${style.icon} ${style.word} · Cascade` : "Cascade";
}

/** The icon a phone puts on its home screen (public/icons/). */
export const APP_ICON_180 = "/icons/cascade-180.png";

/** One static favicon per status, in public/icons/. */
export function statusIconHref(status: StackStatus | null): string {
  return `/icons/status-${status ?? "unknown"}.svg`;
}
