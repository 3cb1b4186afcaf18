import type { DashboardView, Observation } from "@/lib/contracts/board";
import type { StackStatus } from "@/lib/contracts/diagnosis";
import { containerRef } from "@/lib/engines/container-key";
import { formatUtcClock } from "@/lib/format/relative-time";
import { type Diagnosis, type Finding, type KeyedMessage, msg, type SummaryPart } from "./types";

// The executive summary as facts: the overall status, what the headline says and what people cannot see or do.
// lib/messages writes the sentences. Deterministic.

export function stackStatus(observation: Observation, dashboards: DashboardView[], causes: Finding[]): StackStatus {
  const prometheus = observation.prometheus;
  const blind = prometheus !== null && (!prometheus.reachable || !prometheus.ready);
  if (blind || (dashboards.length > 0 && dashboards.every((dashboard) => dashboard.status === "down"))) return "down";
  const dashboardTrouble = dashboards.some((dashboard) => dashboard.status === "degraded" || dashboard.status === "down");
  return causes.length > 0 || dashboardTrouble ? "degraded" : "ok";
}

/** The most things a headline names; the rest are counted as "N more problems". */
export const HEADLINE_NAMED = 3;

function reasons(roots: Finding[]): { reasons: SummaryPart[]; more: number } {
  const families = roots.filter((cause) => cause.kind === "metric-family-missing" && !cause.members);
  const queryErrors = roots.filter((cause) => cause.kind === "panel-query-error");
  const others = roots.filter((cause) => !families.includes(cause) && cause.kind !== "panel-query-error");
  const parts: SummaryPart[] = others.map((cause) => ({ cause: { kind: cause.kind, subject: cause.subject } }));
  if (families.length) {
    const names = families.map((cause) => cause.subject);
    parts.push(msg("reason.families-not-exported", { count: families.length, families: names.slice(0, 3) }));
  }
  if (queryErrors.length) parts.push(msg("reason.queries-rejected", { count: queryErrors.length }));
  // Up to three named things, as the demo's headlines always were; beyond, the rest become one count.
  if (parts.length <= HEADLINE_NAMED) return { reasons: parts, more: 0 };
  const more = parts.slice(HEADLINE_NAMED).reduce((sum, part) => sum + ("cause" in part ? 1 : Number(part.params.count ?? 1)), 0);
  return { reasons: parts.slice(0, HEADLINE_NAMED), more };
}

function prefix(status: StackStatus, dashboards: DashboardView[]): KeyedMessage {
  const total = dashboards.length;
  const down = dashboards.filter((dashboard) => dashboard.status === "down").length;
  const degraded = dashboards.filter((dashboard) => dashboard.status === "degraded").length;
  const counts = { total, down, degraded };
  if (status === "ok") return total > 0 ? msg("headline.ok", counts) : msg("headline.ok-no-dashboards");
  if (total === 1 && down + degraded === 1) return msg("headline.only-dashboard", counts);
  if (total > 0 && down === total) return msg("headline.all-down", counts);
  if (down > 0) return msg("headline.some-down", counts);
  if (degraded > 0) return degraded === total ? msg("headline.all-degraded", counts) : msg("headline.some-degraded", counts);
  return status === "down" ? msg("headline.monitoring-down") : msg("headline.degraded");
}

export function headline(status: StackStatus, dashboards: DashboardView[], roots: Finding[]): Diagnosis["summary"]["headline"] {
  return { prefix: prefix(status, dashboards), ...(status === "ok" ? { reasons: [], more: 0 } : reasons(roots)) };
}

/** What people cannot see or do: only what was observed (Grafana's own words only when Grafana said them). */
export function impact(status: StackStatus, observation: Observation, dashboards: DashboardView[], causes: Finding[]): SummaryPart[] {
  if (status === "ok") return [msg("impact.nothing")];
  const lines: SummaryPart[] = [];
  const prometheus = observation.prometheus;
  if (prometheus && (!prometheus.reachable || !prometheus.ready)) {
    const grafanaSays = observation.grafana?.datasources.find((source) => source.healthy === false && source.message)?.message ?? null;
    lines.push(msg("impact.prometheus-unqueryable", { grafanaSays }));
    const stopped = observation.containers.find((container) => containerRef(container) === prometheus.container)?.finishedAt ?? null;
    lines.push(msg("impact.metrics-gap", { from: formatUtcClock(stopped) }));
  }
  for (const cause of causes.filter((candidate) => candidate.kind.startsWith("metrics-endpoint-"))) {
    const endpoint = observation.metricsEndpoints.find((candidate) => candidate.name === cause.subject);
    lines.push(msg("impact.endpoint-no-metrics", { endpoint: cause.subject, url: endpoint?.url ?? null }));
  }
  const families = causes.filter((cause) => cause.kind === "metric-family-missing" && cause.root);
  if (families.length) {
    const reading = dashboards.filter((dashboard) => dashboard.panels.some((panel) => panel.status === "missing-metric"));
    const panels = reading.flatMap((dashboard) => dashboard.panels.filter((panel) => panel.status === "missing-metric"));
    lines.push(
      msg("impact.families-unread", {
        panels: panels.length,
        dashboards: reading.length,
        families: families.map((cause) => cause.subject),
      }),
    );
  }
  for (const cause of causes.filter((candidate) => candidate.root && candidate.kind.startsWith("container-"))) {
    if (cause.subject !== prometheus?.container) lines.push({ cause: { kind: cause.kind, subject: cause.subject } });
  }
  // Swarm: a degraded service in capacity words, the other Swarm roots in their own phrase.
  for (const cause of causes.filter(
    (candidate) =>
      candidate.root && (candidate.kind.startsWith("service-") || candidate.kind === "node-down" || candidate.kind === "swarm-unavailable"),
  )) {
    if (cause.kind === "service-degraded" && !cause.params.missing) lines.push(msg("impact.service-degraded", cause.params));
    else lines.push({ cause: { kind: cause.kind, subject: cause.subject } });
  }
  if (causes.some((cause) => cause.kind === "docker-unreachable")) lines.push(msg("impact.docker-unknown"));
  for (const cause of causes.filter((candidate) => candidate.kind === "engine-unreachable"))
    lines.push(msg("impact.engine-unknown", { engine: cause.subject }));
  if (causes.some((cause) => cause.kind === "panel-query-error")) lines.push(msg("impact.query-errors"));
  if (causes.some((cause) => cause.kind === "prometheus-config-error")) lines.push(msg("impact.stale-config"));
  const failingRules = causes.filter((cause) => cause.kind === "rule-evaluation-failing").length;
  if (failingRules > 0) lines.push(msg("impact.rules-failing", { count: failingRules }));
  return lines.length ? lines : [msg("impact.see-causes")];
}
