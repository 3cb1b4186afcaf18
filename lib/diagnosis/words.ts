import type { ContainerView, Observation } from "@/lib/contracts/board";
import { formatRelative, formatUtc } from "@/lib/format/relative-time";

// Plain words for names and times, shared by the cause builders and the summary. Deterministic: same input, same words.

const ACRONYMS = new Set(["api", "db", "http", "ui", "ai", "sql", "dns", "tls"]);

/** "biometric-api" -> "biometric API". */
export function humanize(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word))
    .join(" ");
}

/** "the Prometheus container" for the one that runs Prometheus, else "the auren-api container". */
export function containerLabel(name: string, observation: Observation): string {
  return observation.prometheus?.container === name ? "the Prometheus container" : `the ${name} container`;
}

/** "The Prometheus container (auren-prometheus)" or "The auren-api container": each name said once. */
export function containerTitle(name: string, observation: Observation): string {
  const label = containerLabel(name, observation);
  const sentence = `${label[0]!.toUpperCase()}${label.slice(1)}`;
  return label.includes(name) ? sentence : `${sentence} (${name})`;
}

export function endpointLabel(name: string): string {
  return `the ${humanize(name)}'s metrics endpoint`;
}

/** "22 minutes ago, 04:11 UTC", or null when the time is unknown. */
export function when(iso: string | null, now: Date): string | null {
  const relative = formatRelative(iso, now);
  const absolute = formatUtc(iso, now);
  return relative && absolute ? `${relative}, ${absolute}` : null;
}

export function ago(iso: string | null, now: Date): string | null {
  return formatRelative(iso, now);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

export function findContainer(observation: Observation, name: string | null): ContainerView | undefined {
  return name === null ? undefined : observation.containers.find((container) => container.name === name);
}
