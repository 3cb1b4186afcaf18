"use client";

import type { AlertView, PrometheusRules, RuleGroupView } from "@/lib/contracts/prometheus-rules";
import { formatRelative } from "@/lib/format/relative-time";
import { firingAlerts } from "@/lib/health/rules";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { FilteredPage } from "./filtered-page";
import { StatusBadge } from "./status-badge";

// Prometheus's own alerts and rule groups: one line for the executive view, two filtered lists for the engineer.

type Text = ReturnType<typeof makeRenderer>["text"];
const say = (text: Text, key: string, params: Record<string, string | number | null> = {}) => text({ key, params });

/** "3 alerts firing in Prometheus.": the executive view's one line; nothing when the board has no rules part. */
export function FiringAlertsLine({
  rules,
  locale,
  prometheusDown = false,
}: {
  rules: PrometheusRules | undefined;
  locale: Locale;
  /** Prometheus does not answer or is not ready: its root cause says so already; "alerts cannot be read" adds nothing. */
  prometheusDown?: boolean;
}) {
  if (!rules || (rules.alertsError && prometheusDown)) return null;
  const { text } = makeRenderer(locale, new Date());
  const firing = firingAlerts(rules).length;
  const line = rules.alertsError
    ? say(text, "rules.alerts-unavailable", { error: rules.alertsError })
    : say(text, "rules.alerts-firing", { count: firing });
  return (
    <p
      className="text-sm text-slate-700 dark:text-slate-300"
      data-testid="firing-alerts"
      data-count={rules.alertsError ? undefined : firing}
    >
      {firing > 0 && <StatusBadge tone="bad">{firing}</StatusBadge>} {line}
    </p>
  );
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .filter(([name]) => name !== "alertname")
    .map(([name, value]) => `${name}="${value}"`)
    .join(", ");
const alertText = (alert: AlertView) => `${alert.name} ${alert.state} ${labelText(alert.labels)}`;
const groupText = (group: RuleGroupView) => `${group.name} ${group.file} ${group.health} ${group.lastError ?? ""}`;
const cell = "py-1 pr-3";
const head = `${cell} font-medium`;

function AlertTable({ alerts, text, now }: { alerts: AlertView[]; text: Text; now: Date }) {
  return (
    <FilteredPage items={alerts} label="alerts" text={alertText} failing={(alert) => alert.state === "firing"}>
      {(page) => (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                {["rules.column.alert", "rules.column.labels", "rules.column.state", "rules.column.active-since", "rules.column.value"].map(
                  (key) => (
                    <th key={key} className={head}>
                      {say(text, key)}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {page.map((alert) => (
                <tr
                  key={`${alert.name}-${labelText(alert.labels)}`}
                  className="border-t border-slate-200 dark:border-slate-800"
                  data-testid="alert-row"
                >
                  <td className={cell} title={alert.summary ?? undefined}>
                    {alert.name}
                  </td>
                  <td className={`${cell} font-mono text-xs`}>{labelText(alert.labels) || "—"}</td>
                  <td className={cell}>
                    <StatusBadge tone={alert.state === "firing" ? "bad" : "warn"}>{alert.state}</StatusBadge>
                  </td>
                  <td className={`${cell} tabular-nums`}>{formatRelative(alert.activeAt, now) ?? "—"}</td>
                  <td className="py-1 font-mono text-xs">{alert.value ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </FilteredPage>
  );
}

function RuleGroupTable({ groups, text, now }: { groups: RuleGroupView[]; text: Text; now: Date }) {
  const columns = ["group", "file", "health", "last-error", "evaluation", "last-evaluation"];
  return (
    <FilteredPage items={groups} label="rule groups" text={groupText} failing={(group) => group.health === "err"}>
      {(page) => (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                {columns.map((column) => (
                  <th key={column} className={head}>
                    {say(text, `rules.column.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.map((group) => (
                <tr
                  key={`${group.file}#${group.name}`}
                  className="border-t border-slate-200 dark:border-slate-800"
                  data-testid="rule-group-row"
                  data-health={group.health}
                >
                  <td className={cell}>{group.name}</td>
                  <td className={`${cell} font-mono text-xs`}>{group.file}</td>
                  <td className={cell}>
                    <StatusBadge tone={group.health === "ok" ? "ok" : group.health === "err" ? "bad" : "unknown"}>
                      {group.health}
                    </StatusBadge>
                  </td>
                  <td className={`${cell} text-xs`}>{group.lastError ?? "—"}</td>
                  <td className={`${cell} tabular-nums`}>
                    {group.evaluationTime === null ? "—" : `${(group.evaluationTime * 1000).toFixed(1)} ms`}
                  </td>
                  <td className="py-1 tabular-nums">{formatRelative(group.lastEvaluation, now) ?? say(text, "rules.never")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </FilteredPage>
  );
}

/** The engineer's lists: firing and pending alerts (firing first), every rule group (failing first). */
export function PrometheusRulesDetails({ rules, locale, now }: { rules: PrometheusRules; locale: Locale; now: Date }) {
  const { text } = makeRenderer(locale, now);
  const problem = "text-amber-800 dark:text-amber-200";
  return (
    <div className="space-y-4" data-testid="prometheus-rules">
      <div className="space-y-2">
        <h3 className="font-semibold">{say(text, "rules.alerts")}</h3>
        {rules.alertsError && (
          <p role="alert" className={problem}>
            {say(text, "rules.alerts-unavailable", { error: rules.alertsError })}
          </p>
        )}
        {!rules.alertsError && rules.alerts.length === 0 && <p>{say(text, "rules.no-alerts")}</p>}
        {rules.alerts.length > 0 && <AlertTable alerts={rules.alerts} text={text} now={now} />}
      </div>
      <div className="space-y-2">
        <h3 className="font-semibold">{say(text, "rules.groups")}</h3>
        {rules.groupsError && (
          <p role="alert" className={problem}>
            {say(text, "rules.groups-unavailable", { error: rules.groupsError })}
          </p>
        )}
        {!rules.groupsError && rules.groups.length === 0 && <p>{say(text, "rules.no-groups")}</p>}
        {rules.groups.length > 0 && <RuleGroupTable groups={rules.groups} text={text} now={now} />}
      </div>
    </div>
  );
}
