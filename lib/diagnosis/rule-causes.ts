import type { Observation } from "@/lib/contracts/board";
import type { AlertView } from "@/lib/contracts/prometheus-rules";
import { ALERT_SUBJECT_LABELS, causeSubjects, failingGroups, failingRules, firingAlerts } from "@/lib/health/rules";
import type { EvidenceFact, Finding } from "./types";
import { msg } from "./types";

// Causes in Prometheus's own rules: a rule group whose evaluation fails. Its recording rules' output series are then
// missing or stale, so the panels that read them are explained by it. Firing alerts are evidence on the root causes
// they name. Pure and linear.

/** How many firing alerts a cause lists as evidence; the rest are counted. */
export const ALERTS_PER_CAUSE = 5;

/** One cause per rule group that fails at evaluation (the one judge: lib/health/rules.ts). */
export function diagnoseRules(observation: Observation): Finding[] {
  const prometheus = observation.prometheus;
  if (!prometheus?.reachable || !prometheus.ready) return [];
  return failingGroups(prometheus.rules).map((group): Finding => {
    const failing = failingRules(group);
    const lastError = group.lastError ?? failing[0]?.lastError ?? null;
    return {
      kind: "rule-evaluation-failing",
      subject: `${group.file}#${group.name}`,
      params: {
        group: group.name,
        file: group.file,
        rules: failing.map((rule) => rule.name),
        records: failing.filter((rule) => rule.type === "recording").map((rule) => rule.name),
        lastError,
        lastEvaluation: group.lastEvaluation,
      },
      since: null,
      root: true,
      explainedBy: null,
      evidence: [
        { label: msg("label.rule-group"), value: group.name },
        { label: msg("label.rule-file"), value: group.file },
        ...failing.slice(0, 5).map((rule) => ({ label: msg("label.failing-rule", { rule: rule.name }), value: rule.query })),
        { label: msg("label.last-error"), value: lastError ?? msg("fact.none") },
        ...(group.lastEvaluation ? [{ label: msg("label.last-evaluation"), value: group.lastEvaluation }] : []),
      ],
      hypotheses: [
        {
          message: msg("hypothesis.rule-query-fails"),
          likelihood: "likely",
          evidence: [msg("fact.text", { text: lastError ?? "" })],
        },
        { message: msg("hypothesis.rule-series-changed"), likelihood: "possible", evidence: [msg("fact.rule-health-err")] },
      ],
      actions: [{ kind: "advice", message: msg("action.fix-rule", { file: group.file }), container: null, policy: null }],
    };
  });
}

/** The metric names failing recording rules write -> their rule's cause. */
export function ruleOutputs(ruleCauses: Finding[]): Map<string, Finding> {
  const outputs = new Map<string, Finding>();
  for (const cause of ruleCauses) for (const name of cause.params.records as string[]) outputs.set(name, cause);
  return outputs;
}

const describeAlert = (alert: AlertView) => {
  const labels = Object.entries(alert.labels)
    .filter(([name]) => name !== "alertname")
    .map(([name, value]) => `${name}="${value}"`)
    .join(", ");
  return `${alert.name}{${labels}}${alert.activeAt ? ` since ${alert.activeAt}` : ""}`;
};

/**
 * Each firing alert as evidence on the (shown) root causes it matches: by its `container`, `instance` or `job` label
 * against a cause's container or subject, target instance (or its URL's host) or job. A cause a root explains counts
 * for that root. Returns root -> the evidence to add.
 */
export function firingAlertEvidence(
  observation: Observation,
  causes: Finding[],
  rootOf: (cause: Finding) => Finding,
): Map<Finding, EvidenceFact[]> {
  const alerts = firingAlerts(observation.prometheus?.rules);
  if (alerts.length === 0) return new Map();
  // label NUL value -> the roots of the causes about it: each alert is then a few map reads.
  const index = new Map<string, Set<Finding>>();
  for (const cause of causes) {
    const root = rootOf(cause);
    const subjects = causeSubjects(cause);
    for (const label of ALERT_SUBJECT_LABELS) {
      for (const value of subjects[label]) {
        const key = `${label}\u0000${value}`;
        index.set(key, (index.get(key) ?? new Set<Finding>()).add(root));
      }
    }
  }
  const found = new Map<Finding, AlertView[]>();
  for (const alert of alerts) {
    const roots = new Set<Finding>();
    for (const label of ALERT_SUBJECT_LABELS) {
      const value = alert.labels[label];
      if (value !== undefined) for (const root of index.get(`${label}\u0000${value}`) ?? []) roots.add(root);
    }
    for (const root of roots) found.set(root, [...(found.get(root) ?? []), alert]);
  }
  const evidence = new Map<Finding, EvidenceFact[]>();
  for (const [root, matched] of found) {
    const facts: EvidenceFact[] = matched
      .slice(0, ALERTS_PER_CAUSE)
      .map((alert) => ({ label: msg("label.firing-alert"), value: describeAlert(alert) }));
    if (matched.length > ALERTS_PER_CAUSE)
      facts.push({ label: msg("label.more-firing-alerts"), value: String(matched.length - ALERTS_PER_CAUSE) });
    evidence.set(root, facts);
  }
  return evidence;
}
