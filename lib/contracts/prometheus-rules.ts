import { z } from "zod";

// Prometheus's own rules and alerts on the board (docs/board-json.md, `prometheus.rules`): every rule group with its
// health, and the alerts that are firing or pending. Collected from /api/v1/rules and /api/v1/alerts.

export const ruleHealthSchema = z.enum(["ok", "err", "unknown"]);
export type RuleHealth = z.infer<typeof ruleHealthSchema>;

export const ruleSchema = z.object({
  /** The recorded metric name (`record:`) or the alert's name (`alert:`). */
  name: z.string(),
  type: z.enum(["recording", "alerting"]),
  query: z.string(),
  health: ruleHealthSchema,
  lastError: z.string().nullable(),
});
export type RuleView = z.infer<typeof ruleSchema>;

export const ruleGroupSchema = z.object({
  name: z.string(),
  file: z.string(),
  /** `err` when any of its rules failed at its last evaluation, `unknown` before the first, else `ok`. */
  health: ruleHealthSchema,
  /** The first failing rule's error. */
  lastError: z.string().nullable(),
  /** Seconds the last evaluation of the whole group took. */
  evaluationTime: z.number().nullable(),
  lastEvaluation: z.string().nullable(),
  /** Evaluation interval, seconds. */
  interval: z.number().nullable(),
  rules: z.array(ruleSchema),
});
export type RuleGroupView = z.infer<typeof ruleGroupSchema>;

export const alertSchema = z.object({
  /** Its `alertname` label. */
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  state: z.enum(["firing", "pending"]),
  activeAt: z.string().nullable(),
  /** The value of the sample that made it active, as Prometheus writes it. */
  value: z.string().nullable(),
  /** Its `summary` annotation, when it has one. */
  summary: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertSchema>;

export const prometheusRulesSchema = z.object({
  groups: z.array(ruleGroupSchema),
  /** Why the groups could not be read ("rules not available: … HTTP 404" on an old Prometheus); null when they were. */
  groupsError: z.string().nullable(),
  /** Firing and pending alerts only (inactive ones are not listed by Prometheus). */
  alerts: z.array(alertSchema),
  alertsError: z.string().nullable(),
});
export type PrometheusRules = z.infer<typeof prometheusRulesSchema>;
