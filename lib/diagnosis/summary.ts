import type { Observation } from "@/lib/contracts/board";
import type { Cause, StackStatus } from "@/lib/contracts/diagnosis";
import { ago, containerLabel, endpointLabel, joinWords, plural } from "./words";

// The executive summary: the overall status, one headline sentence and what people cannot see or do. Deterministic.

export function stackStatus(observation: Observation, causes: Cause[]): StackStatus {
  const prometheus = observation.prometheus;
  const blind = prometheus !== null && (!prometheus.reachable || !prometheus.ready);
  const dashboards = observation.dashboards;
  if (blind || (dashboards.length > 0 && dashboards.every((dashboard) => dashboard.status === "down"))) return "down";
  const dashboardTrouble = dashboards.some((dashboard) => dashboard.status === "degraded" || dashboard.status === "down");
  return causes.length > 0 || dashboardTrouble ? "degraded" : "ok";
}

/** The few words a headline uses for one root cause. */
function phrase(cause: Cause, observation: Observation, now: Date): string {
  const container = observation.containers.find((candidate) => candidate.name === cause.subject);
  const label = containerLabel(cause.subject, observation);
  const since = ago(cause.since, now);
  switch (cause.kind) {
    case "container-exited":
      return container?.exitCode === 0
        ? `${label} stopped${since ? ` ${since}` : ""}`
        : `${label} crashed (exit ${container?.exitCode ?? "?"})${since ? ` ${since}` : ""}`;
    case "container-oom-killed":
      return `${label} ran out of memory${since ? ` ${since}` : ""}`;
    case "container-restarting":
      return `${label} is in a crash loop`;
    case "container-unhealthy":
      return `${label} fails its health check`;
    case "container-paused":
      return `${label} is paused`;
    case "container-missing":
      return `${label} does not exist`;
    case "docker-unreachable":
      return "Docker cannot be reached";
    case "prometheus-unreachable":
      return "Prometheus cannot be reached";
    case "prometheus-not-ready":
      return "Prometheus is not ready";
    case "prometheus-config-error":
      return "Prometheus failed to load its configuration";
    case "target-down":
      return `the scrape target ${cause.subject} is down`;
    case "metrics-endpoint-unreachable":
      return `${endpointLabel(cause.subject)} does not answer`;
    case "metrics-endpoint-http-error":
      return `${endpointLabel(cause.subject)} fails`;
    case "metric-family-missing":
    case "panel-query-error":
      return cause.subject;
  }
}

function reasons(roots: Cause[], observation: Observation, now: Date): string {
  const families = roots.filter((cause) => cause.kind === "metric-family-missing");
  const queryErrors = roots.filter((cause) => cause.kind === "panel-query-error");
  const others = roots.filter((cause) => !families.includes(cause) && !queryErrors.includes(cause));
  const parts = others.slice(0, 3).map((cause) => phrase(cause, observation, now));
  if (others.length > 3) parts.push(plural(others.length - 3, "more problem"));
  if (families.length)
    parts.push(
      `${plural(families.length, "metric family", "metric families")} the dashboards read ${families.length === 1 ? "is" : "are"} not exported (${families.map((cause) => cause.subject).join(", ")})`,
    );
  if (queryErrors.length) parts.push(`Prometheus rejects queries on ${plural(queryErrors.length, "dashboard")}`);
  return joinWords(parts);
}

export function headline(status: StackStatus, observation: Observation, roots: Cause[], now: Date): string {
  const dashboards = observation.dashboards;
  const total = dashboards.length;
  const down = dashboards.filter((dashboard) => dashboard.status === "down").length;
  const degraded = dashboards.filter((dashboard) => dashboard.status === "degraded").length;
  if (status === "ok") {
    return total > 0
      ? `All ${plural(total, "dashboard")} work and every watched container is running.`
      : "Every watched part of the stack is working.";
  }
  let prefix: string;
  if (total === 1 && down + degraded === 1) prefix = `The only dashboard is ${down ? "down" : "degraded"}`;
  else if (total > 0 && down === total) prefix = `All ${plural(total, "dashboard")} are down`;
  else if (down > 0)
    prefix = `${down} of ${plural(total, "dashboard")} ${down === 1 ? "is" : "are"} down${degraded ? ` and ${degraded} degraded` : ""}`;
  else if (degraded > 0)
    prefix =
      degraded === total
        ? `All ${plural(total, "dashboard")} are degraded`
        : `${degraded} of ${plural(total, "dashboard")} ${degraded === 1 ? "is" : "are"} degraded`;
  else prefix = status === "down" ? "Monitoring is down" : "The stack is degraded";
  const why = reasons(roots, observation, now);
  return why ? `${prefix}: ${why}.` : `${prefix}.`;
}

export function impact(status: StackStatus, observation: Observation, causes: Cause[]): string[] {
  if (status === "ok") return ["Nothing: every dashboard panel that queries Prometheus returns data."];
  const lines: string[] = [];
  const prometheus = observation.prometheus;
  if (prometheus && (!prometheus.reachable || !prometheus.ready)) {
    lines.push('Grafana cannot query Prometheus, so every dashboard panel shows an error ("server misbehaving") instead of data.');
    const stopped = observation.containers.find((container) => container.name === prometheus.container)?.finishedAt;
    lines.push(
      `No metrics are being collected: the history will have a gap${stopped ? ` from ${stopped.slice(11, 16)} UTC` : ""} until Prometheus runs again.`,
    );
  }
  for (const cause of causes.filter((candidate) => candidate.kind.startsWith("metrics-endpoint-"))) {
    const endpoint = observation.metricsEndpoints.find((candidate) => candidate.name === cause.subject);
    lines.push(
      `Prometheus gets no metrics from ${endpointLabel(cause.subject)}${endpoint ? ` (${endpoint.url})` : ""}: its panels stay empty even while Prometheus runs.`,
    );
  }
  const families = causes.filter((cause) => cause.kind === "metric-family-missing" && cause.root);
  if (families.length) {
    const panels = observation.dashboards.flatMap((dashboard) => dashboard.panels.filter((panel) => panel.status === "missing-metric"));
    const dashboards = observation.dashboards.filter((dashboard) => dashboard.panels.some((panel) => panel.status === "missing-metric"));
    lines.push(
      `${plural(panels.length, "panel")} on ${plural(dashboards.length, "dashboard")} read metrics no service exports yet (${families.map((cause) => cause.subject).join(", ")}).`,
    );
  }
  for (const cause of causes.filter((candidate) => candidate.root && candidate.kind.startsWith("container-"))) {
    if (cause.subject !== prometheus?.container) lines.push(`${cause.title}`);
  }
  if (causes.some((cause) => cause.kind === "docker-unreachable"))
    lines.push("The containers' state is unknown, and the board cannot start or restart them.");
  if (causes.some((cause) => cause.kind === "panel-query-error"))
    lines.push("Some panels show a query error whatever the state of the stack.");
  if (causes.some((cause) => cause.kind === "prometheus-config-error"))
    lines.push("Prometheus runs on its previous configuration: the latest change is not in effect.");
  return lines.length ? lines : ["Some parts of the stack report problems; see the causes."];
}
