import type { CauseTemplates, Param, Template } from "./types";

// English words for Prometheus's own rules and alerts: the rule-evaluation-failing cause, its evidence, the firing
// alerts on the board (keys shared with rules-de.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));
const list = (value: Param | undefined) => (Array.isArray(value) ? value.join(", ") : str(value));

export const ruleCauseEn: CauseTemplates = {
  title: (p, w) =>
    `Prometheus fails to evaluate ${w.count(Array.isArray(p.rules) ? p.rules.length : 1, "rule")} of the group ${str(p.group)} (${str(p.file)}).`,
  detail: (p) => `${list(p.rules)}: ${p.lastError ? str(p.lastError) : "health err"}`,
  phrase: (p) => `the rule group ${str(p.group)} fails`,
};

export const ruleMessagesEn = {
  "hypothesis.rule-query-fails": () =>
    "The rule's query fails on the series it now reads (for example many-to-one matching or a type error): it was not tested against them",
  "hypothesis.rule-series-changed": () => "The series it reads changed (new labels, duplicates), so a query that used to work now fails",
  "fact.rule-health-err": () => "rules API: health err",
  "label.rule-group": () => "Rule group",
  "label.rule-file": () => "Rule file",
  "label.failing-rule": (p) => `Failing rule ${str(p.rule)}`,
  "label.last-evaluation": () => "Last evaluation",
  "label.firing-alert": () => "Firing alert",
  "label.more-firing-alerts": () => "More firing alerts",
  "action.fix-rule": (p) => `Fix the rule in ${str(p.file)} (promtool test rules), then reload Prometheus`,
  "impact.rules-failing": (p, w) =>
    `${w.count(p.count, "rule group")} ${p.count === 1 ? "fails" : "fail"} at evaluation: their recorded series and alerts are missing or stale.`,
  "rules.alerts-firing": (p, w) =>
    p.count === 0 ? "No alert is firing in Prometheus." : `${w.count(p.count, "alert")} firing in Prometheus.`,
  "rules.alerts-unavailable": (p) => `Prometheus's alerts cannot be read: ${str(p.error)}`,
  "rules.section": () => "Prometheus's alerts and rules",
  "rules.alerts": () => "Firing and pending alerts",
  "rules.no-alerts": () => "No alert is firing or pending.",
  "rules.groups": () => "Rule groups",
  "rules.no-groups": () => "Prometheus has no rule groups.",
  "rules.groups-unavailable": (p) => `The rule groups cannot be read: ${str(p.error)}`,
  "rules.column.alert": () => "Alert",
  "rules.column.labels": () => "Labels",
  "rules.column.state": () => "State",
  "rules.column.active-since": () => "Active since",
  "rules.column.value": () => "Value",
  "rules.column.group": () => "Group",
  "rules.column.file": () => "File",
  "rules.column.health": () => "Health",
  "rules.column.last-error": () => "Last error",
  "rules.column.evaluation": () => "Evaluation",
  "rules.column.last-evaluation": () => "Last evaluation",
  "rules.never": () => "never",
} satisfies Record<string, Template>;
