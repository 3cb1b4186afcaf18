import type { AlertView, PrometheusRules, RuleGroupView, RuleView } from "@/lib/contracts/prometheus-rules";
import type { Params } from "@/lib/messages/types";

// The one judge of Prometheus's own rules and alerts, used by the board's diagnosis and its views. Pure.

/** Whether a rule group fails at evaluation: the cause kind it is, or null. */
export function judgeRuleGroup(group: RuleGroupView): "rule-evaluation-failing" | null {
  return group.health === "err" ? "rule-evaluation-failing" : null;
}

/** The rules of a group that failed at their last evaluation. */
export const failingRules = (group: RuleGroupView): RuleView[] => group.rules.filter((rule) => rule.health === "err");

/** The groups whose evaluation fails. */
export const failingGroups = (rules: PrometheusRules | undefined): RuleGroupView[] =>
  (rules?.groups ?? []).filter((group) => judgeRuleGroup(group) !== null);

export const firingAlerts = (rules: PrometheusRules | undefined): AlertView[] =>
  (rules?.alerts ?? []).filter((alert) => alert.state === "firing");

/** The labels by which a firing alert names a part of the stack. */
export const ALERT_SUBJECT_LABELS = ["container", "instance", "job"] as const;
export type AlertSubjectLabel = (typeof ALERT_SUBJECT_LABELS)[number];

const text = (value: unknown) => (typeof value === "string" && value !== "" ? [value] : []);
/** "http://host:9100/metrics" -> "host:9100": the `instance` Prometheus gives a target by default. */
const hostOf = (url: unknown): string[] => {
  if (typeof url !== "string") return [];
  try {
    return [new URL(url).host];
  } catch {
    return [];
  }
};

/**
 * What a cause is about, per label an alert may match it by: its container (a container cause's subject, or the
 * container it names), its target instance (or the host of its URL), its job.
 */
export function causeSubjects(cause: { kind: string; subject: string; params: Params }): Record<AlertSubjectLabel, string[]> {
  const { params } = cause;
  return {
    container: [...text(params.container), ...(cause.kind.startsWith("container-") ? [cause.subject] : [])],
    instance: [...text(params.instance), ...hostOf(params.scrapeUrl), ...hostOf(params.url)],
    job: text(params.job),
  };
}
