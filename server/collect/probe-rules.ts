import "server-only";
import { messageOf } from "@/lib/async/message-of";
import type { PrometheusRules } from "@/lib/contracts/prometheus-rules";
import { recordUpstreamError } from "@/server/metrics/registry";
import { UpstreamError } from "@/server/upstreams/errors";
import type { PrometheusSettings } from "@/server/upstreams/prometheus/client";
import { listAlerts, listRuleGroups } from "@/server/upstreams/prometheus/rules-client";

// Prometheus's rule groups and alerts, asked alongside its targets under the same deadline. Two plain API calls,
// not PromQL: they do not count against queries.perRefresh. Never throws: a Prometheus that cannot answer them
// (an old one answers 404) is data on the board.

function failureOf(what: "rules" | "alerts", reason: unknown): string {
  if (reason instanceof UpstreamError) {
    if (reason.status === 404) return `${what} not available: ${reason.message}`;
    recordUpstreamError("prometheus", reason.kind);
  }
  return messageOf(reason);
}

export async function probeRules(settings: PrometheusSettings): Promise<PrometheusRules> {
  const [groups, alerts] = await Promise.allSettled([listRuleGroups(settings), listAlerts(settings)]);
  return {
    groups: groups.status === "fulfilled" ? groups.value : [],
    groupsError: groups.status === "rejected" ? failureOf("rules", groups.reason) : null,
    alerts: alerts.status === "fulfilled" ? alerts.value : [],
    alertsError: alerts.status === "rejected" ? failureOf("alerts", alerts.reason) : null,
  };
}
