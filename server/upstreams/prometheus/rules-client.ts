import "server-only";
import type { AlertView, RuleGroupView } from "@/lib/contracts/prometheus-rules";
import { fetchJson } from "../http";
import { endpoint, type PrometheusSettings, unwrap } from "./client";
import { alertsResponse, reshapeAlerts, reshapeRuleGroup, rulesResponse } from "./rules-schemas";

// Prometheus's own rules and alerts: one call each, not PromQL queries, so they do not count against the query budget.

const MAX_BYTES = 20 * 1024 * 1024;

/** Every rule group (GET /api/v1/rules). */
export async function listRuleGroups(settings: PrometheusSettings): Promise<RuleGroupView[]> {
  const url = endpoint(settings, "/api/v1/rules");
  const data = unwrap(await fetchJson("prometheus", url, rulesResponse, { ...settings, maxBytes: MAX_BYTES }), url);
  return data.groups.map(reshapeRuleGroup);
}

/** The firing and pending alerts (GET /api/v1/alerts). */
export async function listAlerts(settings: PrometheusSettings): Promise<AlertView[]> {
  const url = endpoint(settings, "/api/v1/alerts");
  return reshapeAlerts(unwrap(await fetchJson("prometheus", url, alertsResponse, { ...settings, maxBytes: MAX_BYTES }), url).alerts);
}
