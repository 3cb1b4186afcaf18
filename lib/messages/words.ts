import { formatUtc, secondsSince, splitDuration } from "@/lib/format/relative-time";
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

export function makeWords(catalogue: Catalogue, now: Date): Words {
  const time = catalogue.time;
  const duration = (seconds: number) => {
    const { count, unit } = splitDuration(seconds);
    const [one, many] = time.units[unit];
    return `${count} ${count === 1 ? one : many}`;
  };
  const ago = (iso: Param | undefined): string | null => {
    const seconds = typeof iso === "string" ? secondsSince(iso, now) : null;
    if (seconds === null) return null;
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
