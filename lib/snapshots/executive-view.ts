import type { Board } from "@/lib/contracts/board";
import type { Cause, CauseRef } from "@/lib/contracts/diagnosis";
import type { PrometheusRules } from "@/lib/contracts/prometheus-rules";

// The snapshot for people who decide, not debug: statuses, plain-words causes and what was done, without log lines,
// PromQL or addresses. Still a valid Board (boardSchema), so the same page and report renderer read it.

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*[^\s"'<>`.,;:)\]]/gi;
const URL_IN_PARENS = /\s*\(\s*[a-z][a-z0-9+.-]*:\/\/[^\s()]*\s*\)/gi;
const ADDRESS = "[address]";

function hasUrl(text: string): boolean {
  return new RegExp(URL_IN_TEXT.source, "i").test(text);
}

/** Plain words: "the endpoint (http://…)" loses the parenthesis, any other address becomes "[address]". */
function withoutUrls(text: string): string {
  return text.replace(URL_IN_PARENS, "").replace(URL_IN_TEXT, ADDRESS);
}

function withoutUrlsOrNull(text: string | null): string | null {
  return text === null ? null : withoutUrls(text);
}

/**
 * Cause subjects that are addresses (Prometheus's URL, a target's scrape URL) get stable plain names, so the
 * references between causes and dashboards still match after the addresses are gone.
 */
function subjectAliases(board: Board): (subject: string) => string {
  const aliases = new Map<string, string>();
  if (board.prometheus && board.prometheus.url !== "") aliases.set(board.prometheus.url, "prometheus");
  let next = 1;
  for (const cause of board.summary.causes) {
    if (hasUrl(cause.subject) && !aliases.has(cause.subject)) aliases.set(cause.subject, `address ${next++}`);
  }
  return (subject) => aliases.get(subject) ?? (hasUrl(subject) ? withoutUrls(subject) : subject);
}

function executiveCause(cause: Cause, alias: (subject: string) => string): Cause {
  const title = withoutUrls(cause.title);
  // Prometheus's own error messages quote the PromQL they reject.
  const technical = hasUrl(cause.detail) || cause.kind === "panel-query-error" || cause.kind === "rule-evaluation-failing";
  const ref = (target: CauseRef): CauseRef => ({ kind: target.kind, subject: alias(target.subject) });
  return {
    ...cause,
    subject: alias(cause.subject),
    // The facts name addresses and log text; the executive view keeps only the words.
    params: {},
    title,
    detail: technical ? title : cause.detail,
    explainedBy: cause.explainedBy ? ref(cause.explainedBy) : null,
    evidence: [],
    hypotheses: cause.hypotheses.map((hypothesis) => ({ ...hypothesis, text: withoutUrls(hypothesis.text), evidence: [] })),
    actions: cause.actions.map((action) => ({ ...action, label: withoutUrls(action.label) })),
  };
}

/** Rule groups by name and health, alerts by name and state: no PromQL, files, labels or values. */
function executiveRules(rules: PrometheusRules): PrometheusRules {
  return {
    groups: rules.groups.map((group) => ({ ...group, file: "", lastError: null, rules: [] })),
    groupsError: withoutUrlsOrNull(rules.groupsError),
    alerts: rules.alerts.map((alert) => ({ ...alert, labels: { alertname: alert.name }, value: null, summary: null })),
    alertsError: withoutUrlsOrNull(rules.alertsError),
  };
}

export function toExecutiveView(board: Board): Board {
  const alias = subjectAliases(board);
  return {
    ...board,
    containers: board.containers.map((container) => ({
      ...container,
      logTail: [],
      error: withoutUrlsOrNull(container.error),
      reason: withoutUrlsOrNull(container.reason),
      health: container.health ? { ...container.health, lastOutput: null } : null,
    })),
    ...(board.engines ? { engines: board.engines.map((engine) => ({ ...engine, error: withoutUrlsOrNull(engine.error) })) } : {}),
    prometheus: board.prometheus
      ? {
          ...board.prometheus,
          url: "",
          targets: [],
          error: withoutUrlsOrNull(board.prometheus.error),
          ...(board.prometheus.rules ? { rules: executiveRules(board.prometheus.rules) } : {}),
        }
      : null,
    metricsEndpoints: board.metricsEndpoints.map((endpoint) => ({
      ...endpoint,
      url: "",
      parseProblems: [],
      // "HTTP 500" is the fact; the body after it is a traceback.
      error: endpoint.error === null ? null : (/^HTTP \d{3}/.exec(endpoint.error)?.[0] ?? withoutUrls(endpoint.error)),
    })),
    grafana: board.grafana
      ? {
          ...board.grafana,
          url: null,
          dashboardsDir: null,
          datasources: board.grafana.datasources.map((datasource) => ({ ...datasource, message: withoutUrlsOrNull(datasource.message) })),
          error: withoutUrlsOrNull(board.grafana.error),
        }
      : null,
    dashboards: board.dashboards.map((dashboard) => ({
      ...dashboard,
      url: null,
      panels: dashboard.panels.map((panel) => ({ ...panel, queries: [] })),
      error: withoutUrlsOrNull(dashboard.error),
      causes: dashboard.causes.map((ref) => ({ kind: ref.kind, subject: alias(ref.subject) })),
    })),
    // Swarm services keep their counts and Docker's task errors, not their log lines.
    ...(board.services
      ? {
          services: board.services.map((service) => ({
            ...service,
            reason: withoutUrlsOrNull(service.reason),
            tasks: service.tasks.map((task) => ({ ...task, logTail: [], error: withoutUrlsOrNull(task.error) })),
          })),
        }
      : {}),
    timeline: board.timeline.map((event) => ({ ...event, subject: withoutUrls(event.subject), text: withoutUrls(event.text) })),
    summary: {
      headline: withoutUrls(board.summary.headline),
      impact: board.summary.impact.map(withoutUrls),
      causes: board.summary.causes.map((cause) => executiveCause(cause, alias)),
    },
  };
}
