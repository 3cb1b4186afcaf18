// Plain-words durations for people reading the board in an incident: "22 minutes ago". Pure: `now` is an input.

const UNITS: [limitSeconds: number, unitSeconds: number, name: string][] = [
  [60, 1, "second"],
  [3_600, 60, "minute"],
  [86_400, 3_600, "hour"],
  [Infinity, 86_400, "day"],
];

export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const [, unitSeconds, name] = UNITS.find(([limit]) => whole < limit)!;
  const count = Math.floor(whole / unitSeconds);
  return `${count} ${name}${count === 1 ? "" : "s"}`;
}

export function formatRelative(iso: string | null, now: Date): string | null {
  if (!iso) return null;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const seconds = (now.getTime() - then) / 1000;
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
