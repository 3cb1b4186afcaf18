// Plain-words durations for people reading the board in an incident: "22 minutes ago". Pure: `now` is an input.

export type DurationUnit = "second" | "minute" | "hour" | "day";

const UNITS: [limitSeconds: number, unitSeconds: number, unit: DurationUnit][] = [
  [60, 1, "second"],
  [3_600, 60, "minute"],
  [86_400, 3_600, "hour"],
  [Infinity, 86_400, "day"],
];

/** A duration in its largest whole unit: 1330 s -> 22 minutes. Every language's words are built on this. */
export function splitDuration(seconds: number): { count: number; unit: DurationUnit } {
  const whole = Math.max(0, Math.floor(seconds));
  const [, unitSeconds, unit] = UNITS.find(([limit]) => whole < limit)!;
  return { count: Math.floor(whole / unitSeconds), unit };
}

/** Seconds from `iso` to `now` (negative in the future), or null when `iso` is not a time. */
export function secondsSince(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  const then = Date.parse(iso);
  return Number.isNaN(then) ? null : (now.getTime() - then) / 1000;
}

export function formatDuration(seconds: number): string {
  const { count, unit } = splitDuration(seconds);
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** English, for the page's own labels; the board's sentences use lib/messages (every locale). */
export function formatRelative(iso: string | null, now: Date): string | null {
  const seconds = secondsSince(iso, now);
  if (seconds === null) return null;
  if (Math.abs(seconds) < 5) return "just now";
  return seconds < 0 ? `in ${formatDuration(-seconds)}` : `${formatDuration(seconds)} ago`;
}

/** "04:11": the UTC clock time of an ISO time, or null when it is not one. */
export function formatUtcClock(iso: string | null): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(11, 16);
}

/** "2025-01-28 04:11:09 UTC" (or without seconds): a full UTC timestamp, or null when `iso` is not a time. */
export function formatUtcStamp(iso: string, withSeconds = true): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const stamp = date.toISOString();
  return `${stamp.slice(0, 10)} ${stamp.slice(11, withSeconds ? 19 : 16)} UTC`;
}

/** "04:11 UTC" today, else "2025-01-28 04:11 UTC". */
export function formatUtc(iso: string | null, now: Date): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const sameDay = date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay ? `${formatUtcClock(iso)} UTC` : formatUtcStamp(iso, false);
}
