import { splitDuration } from "@/lib/format/relative-time";
import { CATALOGUES } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";

/** "4 minutes" in the locale's words; "?" for an unknown duration. */
export function durationWords(ms: number | null, locale: Locale): string {
  if (ms === null) return "?";
  const { count, unit } = splitDuration(Math.max(0, Math.round(ms / 1000)));
  const [one, many] = CATALOGUES[locale].time.units[unit];
  return `${count} ${count === 1 ? one : many}`;
}
