import { z } from "zod";
import type { AlertView, RuleGroupView, RuleHealth } from "@/lib/contracts/prometheus-rules";
import { apiResponse } from "./schemas";

// /api/v1/rules and /api/v1/alerts, validated at run time; fields newer Prometheus versions add are optional.

// https://prometheus.io/docs/prometheus/latest/querying/api/#rules
const rule = z.object({
  name: z.string(),
  query: z.string().default(""),
  type: z.enum(["recording", "alerting"]),
  health: z.string().default("unknown"),
  lastError: z.string().optional(),
});
const ruleGroup = z.object({
  name: z.string(),
  file: z.string().default(""),
  rules: z.array(rule).default([]),
  interval: z.number().optional(),
  evaluationTime: z.number().optional(),
  lastEvaluation: z.string().optional(),
});
export const rulesResponse = apiResponse(z.object({ groups: z.array(ruleGroup) }));
type RuleGroup = z.infer<typeof ruleGroup>;

// https://prometheus.io/docs/prometheus/latest/querying/api/#alerts
const alert = z.object({
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  state: z.string(),
  activeAt: z.string().optional(),
  value: z.string().optional(),
});
export const alertsResponse = apiResponse(z.object({ alerts: z.array(alert) }));
type Alert = z.infer<typeof alert>;

const healthOf = (health: string): RuleHealth => (health === "ok" || health === "err" ? health : "unknown");
/** Go's zero time ("0001-01-01T00:00:00Z") means "never". */
const timeOrNull = (time: string | undefined) => (time && !time.startsWith("0001-01-01") ? time : null);

/** A group's health is its worst rule's: one failing rule makes the group `err`. */
export function reshapeRuleGroup(group: RuleGroup): RuleGroupView {
  const rules = group.rules.map((entry) => ({
    name: entry.name,
    type: entry.type,
    query: entry.query,
    health: healthOf(entry.health),
    lastError: entry.lastError ? entry.lastError : null,
  }));
  const failing = rules.find((entry) => entry.health === "err");
  const health: RuleHealth = failing ? "err" : rules.some((entry) => entry.health === "unknown") ? "unknown" : "ok";
  return {
    name: group.name,
    file: group.file,
    health,
    lastError: failing?.lastError ?? null,
    evaluationTime: group.evaluationTime ?? null,
    lastEvaluation: timeOrNull(group.lastEvaluation),
    interval: group.interval ?? null,
    rules,
  };
}

/** Firing and pending alerts; an `inactive` one (never listed by today's Prometheus) is dropped. */
export function reshapeAlerts(alerts: Alert[]): AlertView[] {
  return alerts.flatMap((entry): AlertView[] =>
    entry.state === "firing" || entry.state === "pending"
      ? [
          {
            name: entry.labels.alertname ?? "",
            labels: entry.labels,
            state: entry.state,
            activeAt: timeOrNull(entry.activeAt),
            value: entry.value ?? null,
            summary: entry.annotations.summary ?? null,
          },
        ]
      : [],
  );
}
