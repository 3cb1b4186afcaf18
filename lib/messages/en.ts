import { capitalize } from "@/lib/format/text";
import { actionMessagesEn } from "./actions-en";
import { alertingMessagesEn } from "./alerting-en";
import { enGroups } from "./en-groups";
import { withEngineHintEn as withHint } from "./engine-hints-en";
import { incidentMessagesEn } from "./incidents-en";
import { initMessagesEn } from "./init-en";
import { notifyMessagesEn } from "./notify-en";
import { reasonMessagesEn } from "./reasons-en";
import { recordedFamilyEn, ruleCauseEn, ruleMessagesEn } from "./rules-en";
import { serviceCausesEn, serviceMessagesEn } from "./services-en";
import type { Catalogue, Params, Template, Words } from "./types";

// English: every sentence the board, the CLI, snapshots and reports show. Templates take the facts (params) a
// cause or summary carries; lib/messages/de.ts has the same keys.

const str = (value: Params[string] | undefined) => (value === null || value === undefined ? "" : String(value));
const label = (p: Params) => (p.prometheus ? "the Prometheus container" : `the ${str(p.container)} container`);
/** "The Prometheus container (auren-prometheus)" or "The auren-api container": each name said once. */
const title = (p: Params) => {
  const sentence = capitalize(label(p));
  return p.prometheus ? `${sentence} (${str(p.container)})` : sentence;
};
const endpoint = (p: Params, w: Words) => `the ${w.humanize(p.endpoint)}'s metrics endpoint`;
const space = (text: string | null) => (text ? ` ${text}` : "");

const messages = {
  ...reasonMessagesEn,
  // Evidence labels
  "label.state": () => "State",
  "label.exit-code": () => "Exit code",
  "label.oom-killed": () => "OOMKilled",
  "label.restart-policy": () => "Restart policy",
  "label.restart-count": () => "Restart count",
  "label.docker-error": () => "Docker error",
  "label.exited-at": () => "Exited at",
  "label.log": () => "Log",
  "label.docker": () => "Docker",
  "label.engine": () => "Docker engine",
  "label.selector": () => "Label selector",
  "label.last-seen-running": () => "Last seen running",
  "label.health": () => "Health",
  "label.last-check-output": () => "Last check output",
  "label.url": () => "URL",
  "label.error": () => "Error",
  "label.http-status": () => "HTTP status",
  "label.reload-config-success": () => "reloadConfigSuccess",
  "label.last-good-config": () => "Last good config",
  "label.job": () => "Job",
  "label.last-error": () => "Last error",
  "label.last-scrape": () => "Last scrape",
  "label.series-read": () => "Series read",
  "label.families-exported-by": (p) => `Families exported by ${str(p.endpoint)}`,
  "label.member": () => "Member",
  "label.panel": () => "Panel",
  "label.panel-query": (p) => `${str(p.panel)} ${str(p.refId)}`,
  "label.prometheus-error": () => "Prometheus error",
  // Actions
  "action.start": (p) => `Start ${str(p.container)}`,
  "action.restart": (p) => `Restart ${str(p.container)}`,
  "action.set-restart-policy": (p) => `Set restart policy of ${str(p.container)} to ${str(p.policy)}`,
  "action.read-log": (p) =>
    `Read the log of ${str(p.container)}: the error repeats at each start; restarting will not help until it is fixed`,
  "action.recreate": (p) => `Create ${str(p.container)} again (e.g. docker compose up -d), or fix its name in cascade.yaml`,
  "action.raise-memory": (p) => `Raise the memory limit of ${str(p.container)} or find what grows`,
  "action.unpause": (p) => `Unpause it: docker unpause ${str(p.container)}`,
  "action.start-dockerd": () => "Start dockerd, or fix docker.socketPath in cascade.yaml",
  "action.check-engine": (p) => `Start dockerd on the engine ${str(p.engine)}, or fix its entry in docker.engines in cascade.yaml`,
  "action.check-prometheus": (p) => `Check that Prometheus runs and listens at ${str(p.url)}`,
  "action.wait-ready": () => "Wait a minute; if it stays not ready, read the Prometheus log",
  "action.fix-config": () => "Fix the configuration (promtool check config), then reload Prometheus; do not restart it before",
  "action.add-import": (p) => `Add the missing import of ${str(p.symbol)} to the metrics handler and redeploy`,
  "action.install-module": (p) => `Install ${str(p.symbol)} in the service's image (or fix the name it is imported by) and redeploy`,
  "action.fix-symbol": (p) => `Fix the code that fails on ${str(p.symbol)}, then redeploy`,
  "action.check-service": (p) => `Check the service behind ${str(p.url)}`,
  "action.check-job": (p) =>
    `Check the targets of job ${str(p.job)} (Prometheus's /targets page); if they are retired, list the job under ignore: in cascade.yaml`,
  "action.check-group": (p) =>
    `Open the members of ${str(p.group)} one by one; if they are retired, list them under ignore: in cascade.yaml`,
  "action.check-target": (p) => `Check ${str(p.scrapeUrl)}`,
  "action.export-family": (p) =>
    `Export ${str(p.family)}${p.exporter ? ` from ${str(p.exporter)}` : ""}, or change the panels that read it`,
  "action.fix-queries": (p) => `Fix the queries in "${str(p.dashboardTitle)}"`,
  // The summary
  "headline.ok": (p, w) => `All ${w.count(p.total, "dashboard")} work and every watched container is running.`,
  "headline.ok-no-dashboards": () => "Every watched part of the stack is working.",
  "headline.only-dashboard": (p) => `The only dashboard is ${p.down ? "down" : "degraded"}`,
  "headline.all-down": (p, w) => `All ${w.count(p.total, "dashboard")} are down`,
  "headline.some-down": (p, w) =>
    `${str(p.down)} of ${w.count(p.total, "dashboard")} ${p.down === 1 ? "is" : "are"} down${p.degraded ? ` and ${str(p.degraded)} degraded` : ""}`,
  "headline.all-degraded": (p, w) => `All ${w.count(p.total, "dashboard")} are degraded`,
  "headline.some-degraded": (p, w) => `${str(p.degraded)} of ${w.count(p.total, "dashboard")} ${p.degraded === 1 ? "is" : "are"} degraded`,
  "headline.monitoring-down": () => "Monitoring is down",
  "headline.degraded": () => "The stack is degraded",
  "reason.more-problems": (p, w) => w.count(p.count, "more problem"),
  "reason.families-not-exported": (p, w) =>
    `${w.count(p.count, "metric family", "metric families")} the dashboards read ${p.count === 1 ? "is" : "are"} not exported (${(p.families as string[]).join(", ")})`,
  "reason.queries-rejected": (p, w) => `Prometheus rejects queries on ${w.count(p.count, "dashboard")}`,
  "impact.nothing": () => "Nothing: every dashboard panel that queries Prometheus returns data.",
  "impact.prometheus-unqueryable": (p) =>
    `Grafana cannot query Prometheus, so every dashboard panel shows an error instead of data${p.grafanaSays ? ` (Grafana says: "${str(p.grafanaSays)}")` : ""}.`,
  "impact.metrics-gap": (p) =>
    `No metrics are being collected: the history will have a gap${p.from ? ` from ${str(p.from)} UTC` : ""} until Prometheus runs again.`,
  "impact.endpoint-no-metrics": (p, w) =>
    `Prometheus gets no metrics from ${endpoint(p, w)}${p.url ? ` (${str(p.url)})` : ""}: its panels stay empty even while Prometheus runs.`,
  "impact.families-unread": (p, w) =>
    `${w.count(p.panels, "panel")} on ${w.count(p.dashboards, "dashboard")} read metrics no service exports yet (${(p.families as string[]).join(", ")}).`,
  "impact.docker-unknown": () => "The containers' state is unknown, and the board cannot start or restart them.",
  "impact.engine-unknown": (p) =>
    `The state of the containers on the engine ${str(p.engine)} is unknown, and the board cannot start or restart them.`,
  "impact.query-errors": () => "Some panels show a query error whatever the state of the stack.",
  "impact.stale-config": () => "Prometheus runs on its previous configuration: the latest change is not in effect.",
  "impact.see-causes": () => "Some parts of the stack report problems; see the causes.",
  // cascade check's plain-text report
  "cli.impact": () => "impact",
  "cli.root-causes": () => "Root causes:",
  "cli.since": () => "since",
  "cli.evidence": () => "evidence",
  "cli.likely": () => "likely",
  "cli.fix": () => "fix",
  "cli.explained": () => "Explained by the root causes above:",
  ...incidentMessagesEn,
  ...initMessagesEn,
  ...ruleMessagesEn,
  ...alertingMessagesEn,
  ...notifyMessagesEn,
  ...serviceMessagesEn,
  ...actionMessagesEn,
} satisfies Record<string, Template>;

export type MessageKey = keyof typeof messages;

export const en = {
  time: {
    justNow: "just now",
    ago: (duration) => `${duration} ago`,
    in: (duration) => `in ${duration}`,
    units: { second: ["second", "seconds"], minute: ["minute", "minutes"], hour: ["hour", "hours"], day: ["day", "days"] },
    and: "and",
  },
  causes: {
    "docker-unreachable": {
      title: () => "Cascade cannot reach the Docker Engine, so the containers' state is unknown.",
      detail: (p) => withHint(p.error ? str(p.error) : "Docker did not answer.", p.errorClass),
      phrase: () => "Docker cannot be reached",
    },
    "engine-unreachable": {
      title: (p) =>
        `Engine ${str(p.engine)} does not answer: ${Number(p.count) === 1 ? "1 container" : `${p.count ?? 0} containers`} unknown.`,
      detail: (p) => withHint(p.error ? str(p.error) : `The Docker engine ${str(p.engine)} did not answer.`, p.errorClass),
      phrase: (p) => `engine ${str(p.engine)} does not answer`,
    },
    "container-gone": {
      title: (p) => `${title(p)} is gone (it matched ${str(p.selector)}).`,
      detail: (p) => `${str(p.container)} was last seen running at ${str(p.lastSeen)}; no container of that name exists now.`,
      phrase: (p) => `${label(p)} is gone`,
    },
    "container-missing": {
      title: (p) => `${title(p)} does not exist.`,
      detail: (p) => (p.reason ? str(p.reason) : `Docker has no container named ${str(p.container)}.`),
      phrase: (p) => `${label(p)} does not exist`,
    },
    "container-not-started": {
      title: (p) => `${title(p)} was created but never started.`,
      detail: (p) => `${str(p.container)} exists (state created) but its process has never run.`,
      phrase: (p) => `${label(p)} was never started`,
    },
    "container-exited": {
      title: (p, w) => `${title(p)} exited with code ${p.exitCode ?? "?"}${w.ago(p.since) ? `, ${w.ago(p.since)}` : ""}.`,
      detail: (p) =>
        `${str(p.container)} is not running (state ${str(p.state)}, exit code ${p.exitCode ?? "unknown"}, restart policy ${p.restartPolicy ?? "unknown"}).`,
      phrase: (p, w) =>
        p.exitCode === 0
          ? `${label(p)} stopped${space(w.ago(p.since))}`
          : `${label(p)} crashed (exit ${p.exitCode ?? "?"})${space(w.ago(p.since))}`,
    },
    "container-oom-killed": {
      title: (p, w) => `${title(p)} was killed for running out of memory${space(w.ago(p.since))}.`,
      detail: (p) => `The kernel killed ${str(p.container)} (exit ${p.exitCode ?? "?"}, OOMKilled) because it reached its memory limit.`,
      phrase: (p, w) => `${label(p)} ran out of memory${space(w.ago(p.since))}`,
    },
    "container-restarting": {
      title: (p, w) => `${title(p)} is in a crash loop: ${w.count(p.restarts, "restart")} so far.`,
      detail: (p) =>
        `Docker keeps restarting ${str(p.container)} (policy ${str(p.restartPolicy)}) and it keeps exiting${(p.exitCodes as string[]).length ? ` (exit ${(p.exitCodes as string[]).join(", ")})` : ""}.`,
      phrase: (p) => `${label(p)} is in a crash loop`,
    },
    "container-unhealthy": {
      title: (p) => `${title(p)} runs but fails its health check.`,
      detail: (p, w) => `Its health check failed ${w.count(p.failingStreak, "time")} in a row.`,
      phrase: (p) => `${label(p)} fails its health check`,
    },
    "container-paused": {
      title: (p) => `${title(p)} is paused: it holds connections but answers nothing.`,
      detail: (p) => `${str(p.container)} was frozen with docker pause; its processes do not run until it is unpaused.`,
      phrase: (p) => `${label(p)} is paused`,
    },
    "prometheus-unreachable": {
      title: () => "Prometheus cannot be reached, so no dashboard can query it.",
      detail: (p) => `Nothing answers at ${str(p.url)}: ${p.error ?? "no answer"}.`,
      phrase: () => "Prometheus cannot be reached",
    },
    "prometheus-not-ready": {
      title: () => "Prometheus answers but is not ready: it is starting up or shutting down.",
      detail: (p) => (p.error ? str(p.error) : "/-/ready did not answer 200."),
      phrase: () => "Prometheus is not ready",
    },
    "prometheus-config-error": {
      title: () => "Prometheus failed to load its latest configuration and runs on the previous one.",
      detail: () => "The last configuration reload failed; a restart would fail the same way.",
      phrase: () => "Prometheus failed to load its configuration",
    },
    "target-down": {
      title: (p) => `Prometheus cannot scrape ${str(p.job)} (${str(p.instance)}).`,
      detail: (p) => `${str(p.scrapeUrl)}: ${p.lastError ?? "down"}`,
      phrase: (p) => `the scrape target ${str(p.scrapeUrl)} is down`,
    },
    "metrics-endpoint-unreachable": {
      title: (p, w) => `${capitalize(endpoint(p, w))} does not answer.`,
      detail: (p) => `${str(p.url)}: ${str(p.error)}`,
      phrase: (p, w) => `${endpoint(p, w)} does not answer`,
    },
    "metrics-endpoint-http-error": {
      title: (p, w) => `${capitalize(endpoint(p, w))} fails with HTTP ${str(p.httpStatus)}, so Prometheus scrapes nothing from it.`,
      detail: (p) => `${str(p.url)}: ${str(p.error)}`,
      phrase: (p, w) => `${endpoint(p, w)} fails`,
    },
    "metric-family-missing": {
      title: (p, w) =>
        p.recordedBy
          ? recordedFamilyEn.title(p, w)
          : `No service exports ${str(p.family)}${p.panels ? `, which ${w.count(p.panels, "panel")} read${p.panels === 1 ? "s" : ""}` : ""}.`,
      detail: (p, w) =>
        p.recordedBy
          ? recordedFamilyEn.detail()
          : p.exporter
            ? `${capitalize(endpoint({ endpoint: p.exporter }, w))} (${str(p.exporterUrl)}) does not export it, and Prometheus has never seen it.`
            : "Prometheus has never seen it, and no watched endpoint exports it.",
      phrase: (p) => str(p.family),
    },
    "panel-query-error": {
      title: (p, w) => `Prometheus rejects ${w.count(p.queries, "query", "queries")} on the dashboard "${str(p.dashboardTitle)}".`,
      detail: (p) => (p.failures as string[]).join("; "),
      phrase: (p) => str(p.dashboard),
    },
    "rule-evaluation-failing": ruleCauseEn,
    ...serviceCausesEn,
  },
  groups: enGroups,
  messages,
} satisfies Catalogue;
