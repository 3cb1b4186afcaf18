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

/** "04:11 UTC" today, else "2025-01-28 04:11 UTC". */
export function formatUtc(iso: string | null, now: Date): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const time = date.toISOString().slice(11, 16);
  const sameDay = date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay ? `${time} UTC` : `${date.toISOString().slice(0, 10)} ${time} UTC`;
}
