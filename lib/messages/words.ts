import { formatUtc } from "@/lib/format/relative-time";
import type { Catalogue, Param, Words } from "./types";

// The locale-aware helpers every template gets: relative times, counts with their noun, lists. Pure: `now` is given.

const ACRONYMS = new Set(["api", "db", "http", "ui", "ai", "sql", "dns", "tls"]);

/** "biometric-api" -> "biometric API". */
export function humanize(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word))
    .join(" ");
}

const UNITS: [limitSeconds: number, unitSeconds: number, name: keyof Catalogue["time"]["units"]][] = [
  [60, 1, "second"],
  [3_600, 60, "minute"],
  [86_400, 3_600, "hour"],
  [Infinity, 86_400, "day"],
];

export function makeWords(catalogue: Catalogue, now: Date): Words {
  const time = catalogue.time;
  const duration = (seconds: number) => {
    const whole = Math.max(0, Math.floor(seconds));
    const [, unitSeconds, unit] = UNITS.find(([limit]) => whole < limit)!;
    const count = Math.floor(whole / unitSeconds);
    const [one, many] = time.units[unit];
    return `${count} ${count === 1 ? one : many}`;
  };
  const ago = (iso: Param | undefined): string | null => {
    if (typeof iso !== "string" || iso === "") return null;
    const then = Date.parse(iso);
    if (Number.isNaN(then)) return null;
    const seconds = (now.getTime() - then) / 1000;
    if (Math.abs(seconds) < 5) return time.justNow;
    return seconds < 0 ? time.in(duration(-seconds)) : time.ago(duration(seconds));
  };
  return {
    ago,
    when: (iso) => {
      const relative = ago(iso);
      const absolute = typeof iso === "string" ? formatUtc(iso, now) : null;
      return relative && absolute ? `${relative}, ${absolute}` : null;
    },
    count: (count, one, many = `${one}s`) => `${count ?? "?"} ${count === 1 ? one : many}`,
    join: (parts) => (parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} ${time.and} ${parts.at(-1)}`),
    humanize: (name) => humanize(name === null || name === undefined ? "" : String(name)),
  };
}
