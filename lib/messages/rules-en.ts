import type { CauseTemplates, Param, Params, Template, Words } from "./types";

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
  "hypothesis.recording-rule-fails": (p) => `The recording rule that writes it fails at every evaluation (group ${str(p.group)})`,
  "fact.rule-health-err": () => "rules API: health err",
  "label.rule-group": () => "Rule group",
  "label.rule-file": () => "Rule file",
  "label.failing-rule": (p) => `Failing rule ${str(p.rule)}`,
  "label.last-evaluation": () => "Last evaluation",
  "label.firing-alert": () => "Firing alert",
  "label.more-firing-alerts": () => "More firing alerts",
  "action.fix-rule": (p) => `Fix the rule in ${str(p.file)} (promtool test rules), then reload Prometheus`,
  "impact.rules-failing": (p, w) =>
    `${w.count(p.count, "rule group")} ${p.count === 1 ? "fails at evaluation: its" : "fail at evaluation: their"} recorded series and alerts are missing or stale.`,
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

/** metric-family-missing when a failing recording rule writes the family (params.recordedBy: its group). */
export const recordedFamilyEn = {
  title: (p: Params, w: Words) =>
    `${str(p.family)}${p.panels ? `, which ${w.count(p.panels, "panel")} read${p.panels === 1 ? "s" : ""},` : ""} is not recorded: the rule group ${str(p.recordedBy)} that writes it fails.`,
  detail: () => "Prometheus has never seen it: its recording rule fails at every evaluation.",
};
