import "server-only";
import type { Observation } from "@/lib/contracts/board";
import { processSingleton } from "@/server/process-singleton";
import { getLogger } from "./logger";

// Upstream failures are logged when they change, not on every collection (every few seconds): one warn line when an
// upstream starts failing or fails differently, one info line when it recovers.

type Failures = Map<string, string>;

/** Pure: each upstream of an observation and why it failed (null: it answered). */
export function upstreamFailures(observation: Observation): Map<string, string | null> {
  const failures = new Map<string, string | null>();
  failures.set("docker", observation.docker.reachable ? null : (observation.docker.error ?? "unreachable"));
  if (observation.prometheus) {
    const { reachable, error } = observation.prometheus;
    failures.set("prometheus", error ?? (reachable ? null : "unreachable"));
  }
  for (const endpoint of observation.metricsEndpoints) failures.set(`metrics:${endpoint.name}`, endpoint.error ?? null);
  if (observation.grafana) failures.set("grafana", observation.grafana.error ?? null);
  return failures;
}

/** Pure: the log lines this observation calls for, given the failures logged before; updates `known`. */
export function upstreamChanges(
  known: Failures,
  current: Map<string, string | null>,
): { level: "warn" | "info"; upstream: string; error?: string; msg: string }[] {
  const lines: ReturnType<typeof upstreamChanges> = [];
  for (const [upstream, error] of current) {
    const before = known.get(upstream);
    if (error && error !== before) {
      lines.push({ level: "warn", upstream, error, msg: "upstream failing" });
      known.set(upstream, error);
    } else if (!error && before) {
      lines.push({ level: "info", upstream, msg: "upstream recovered" });
      known.delete(upstream);
    }
  }
  return lines;
}

export function logUpstreamChanges(observation: Observation): void {
  const known = processSingleton<Failures>("upstream-failures", () => new Map());
  for (const { level, msg, ...fields } of upstreamChanges(known, upstreamFailures(observation))) getLogger()[level](fields, msg);
}
