import type { ContainerView, MetricsEndpointView, PrometheusTarget, TimelineEvent } from "@/lib/contracts/board";
import type { VerifyRun, VerifyStep } from "@/lib/contracts/operations";
import { endpointForTarget } from "@/lib/diagnosis/ownership";
import { canonicalRef, refOf } from "@/lib/engines/container-key";
import { describeContainerState } from "@/lib/format/container-status";
import { formatRelative } from "@/lib/format/relative-time";
import { joinWords, plural } from "@/lib/format/text";
import { judgeContainer } from "./container";
import { judgeEndpoint, missingExpected, readMetricsAnswer, unprobedEndpointView } from "./endpoint";

// The verify run's plan and its verdicts. Pure: verdicts come from the same judges the board's diagnosis calls
// (lib/health/container.ts, endpoint.ts); server/verify does the I/O (collect again) and orders the run.

export type Verdict = { status: "passed" | "failed" | "skipped"; detail: string };

/** What a step checks: a discriminated union, so nothing parses ids. `dashboards` stands for them until they are listed. */
export type VerifySubject =
  | { type: "container"; container: string }
  | { type: "endpoint"; endpoint: string }
  | { type: "prometheus-ready" }
  | { type: "targets" }
  | { type: "datasource" }
  | { type: "dashboards" }
  | { type: "dashboard"; uid: string; title: string }
  | { type: "service"; service: string }
  | { type: "node"; node: string };

/** A step of the run: its subject, and the JSON the page reads (id, title, status...) derived from it. */
export interface PlannedStep {
  subject: VerifySubject;
  step: VerifyStep;
}

/** The parts of cascade.yaml a plan needs. */
export interface VerifyPlanConfig {
  containers: { name: string; engine?: string }[];
  /** Watched Swarm services by name (label selectors are resolved when the run starts). */
  services?: ({ name: string } | { label: string })[];
  metricsEndpoints: { name: string; url: string; container?: string; expect: string[] }[];
  prometheus?: { container?: string } | null;
  grafana?: { url?: string; dashboardsDir?: string } | null;
}
export type EndpointConfig = VerifyPlanConfig["metricsEndpoints"][number];

/** The step id the page and `dependsOn` use: "container:auren-api", "prometheus-ready", "dashboard:<uid>". */
export function stepId(subject: VerifySubject): string {
  switch (subject.type) {
    case "container":
      return `container:${subject.container}`;
    case "endpoint":
      return `endpoint:${subject.endpoint}`;
    case "dashboard":
      return `dashboard:${subject.uid}`;
    case "service":
      return `service:${subject.service}`;
    case "node":
      return `node:${subject.node}`;
    default:
      return subject.type;
  }
}

function stepTitle(subject: VerifySubject, grafana: boolean): string {
  switch (subject.type) {
    case "container":
      return `Container ${subject.container} is running`;
    case "endpoint":
      return `Metrics endpoint ${subject.endpoint} answers with its families`;
    case "prometheus-ready":
      return "Prometheus is ready";
    case "targets":
      return "Every scrape target is up";
    case "datasource":
      return grafana ? "Grafana's Prometheus data source answers" : "Prometheus answers a query";
    case "dashboards":
      return "Every dashboard's Prometheus panels return data";
    case "dashboard":
      return `Dashboard “${subject.title}” returns data`;
    case "service":
      return `Service ${subject.service} runs its desired tasks`;
    case "node":
      return `Swarm node ${subject.node} is ready`;
  }
}

/** How a step is named inside another step's reason: "endpoint biometric-api", "Prometheus readiness". */
export function subjectWords(subject: VerifySubject): string {
  switch (subject.type) {
    case "container":
      return `container ${subject.container}`;
    case "endpoint":
      return `endpoint ${subject.endpoint}`;
    case "dashboard":
      return `dashboard ${subject.uid}`;
    case "prometheus-ready":
      return "Prometheus readiness";
    case "targets":
      return "the scrape targets";
    case "datasource":
      return "the data source";
    case "dashboards":
      return "the dashboards";
    case "service":
      return `service ${subject.service}`;
    case "node":
      return `node ${subject.node}`;
  }
}

export function planStep(subject: VerifySubject, dependsOn: VerifySubject[], grafana = false): PlannedStep {
  const step: VerifyStep = {
    id: stepId(subject),
    title: stepTitle(subject, grafana),
    status: "pending",
    detail: null,
    dependsOn: dependsOn.map(stepId),
    startedAt: null,
    finishedAt: null,
  };
  return { subject, step };
}

/**
 * The steps for a config, in the order they run: containers, metrics endpoints, Prometheus's readiness, the scrape
 * targets (judged after the endpoints, so a target down because its endpoint failed is explained), the data source,
 * the dashboards.
 */
export function planVerify(config: VerifyPlanConfig): PlannedStep[] {
  const grafana = Boolean(config.grafana?.url);
  const container = (name: string | undefined): VerifySubject[] =>
    name ? [{ type: "container", container: canonicalRef(name, config.containers) }] : [];
  const plan = config.containers.map((watched) => planStep({ type: "container", container: refOf(watched.engine, watched.name) }, []));
  for (const service of config.services ?? []) if ("name" in service) plan.push(planStep({ type: "service", service: service.name }, []));
  for (const endpoint of config.metricsEndpoints)
    plan.push(planStep({ type: "endpoint", endpoint: endpoint.name }, container(endpoint.container)));
  const ready: VerifySubject[] = config.prometheus ? [{ type: "prometheus-ready" }] : [];
  if (config.prometheus) {
    plan.push(planStep({ type: "prometheus-ready" }, container(config.prometheus.container)));
    plan.push(planStep({ type: "targets" }, ready));
  }
  if (grafana || config.prometheus) plan.push(planStep({ type: "datasource" }, ready, grafana));
  if (config.grafana?.url || config.grafana?.dashboardsDir) {
    const datasource: VerifySubject[] = grafana || config.prometheus ? [{ type: "datasource" }] : [];
    plan.push(planStep({ type: "dashboards" }, datasource));
  }
  return plan;
}

/** The steps of a plan, as the run's JSON lists them. */
export const buildVerifySteps = (config: VerifyPlanConfig): VerifyStep[] => planVerify(config).map(({ step }) => step);

/** The steps that stand in for the `dashboards` placeholder once the dashboards are known. */
export function dashboardSteps(dashboards: { uid: string; title: string }[], dependsOn: string[]): PlannedStep[] {
  return dashboards.map((dashboard) => {
    const planned = planStep({ type: "dashboard", uid: dashboard.uid, title: dashboard.title }, []);
    return { ...planned, step: { ...planned.step, dependsOn } };
  });
}

/** `skipped` when a dependency failed or was itself skipped; null when the step may run. */
export function dependencyVerdict(step: PlannedStep, plan: PlannedStep[]): Verdict | null {
  for (const id of step.step.dependsOn) {
    const dependency = plan.find((candidate) => candidate.step.id === id);
    if (!dependency) continue;
    const name = subjectWords(dependency.subject);
    if (dependency.step.status === "failed") return { status: "skipped", detail: `depends on ${name}, which failed` };
    if (dependency.step.status === "skipped")
      return { status: "skipped", detail: `depends on ${name}, which was skipped: ${dependency.step.detail}` };
  }
  return null;
}

/** A run fails when any step failed; steps skipped because of a failure are already counted by that failure. */
export function runStatusOf(steps: VerifyStep[]): VerifyRun["status"] {
  return steps.some((step) => step.status === "failed") ? "failed" : "passed";
}

/** Passed exactly when the board's judge finds nothing wrong with the container (and Docker could tell). */
export function containerVerdict(container: ContainerView, timeline: TimelineEvent[], now: Date): Verdict {
  const kind = judgeContainer(container, timeline, now);
  if (kind === null && container.state !== "unknown") {
    const health = container.health && container.health.status !== "none" ? `, health ${container.health.status}` : "";
    return {
      status: "passed",
      detail: `running since ${container.startedAt ?? "an unknown time"} (${formatRelative(container.startedAt, now) ?? "?"})${health}`,
    };
  }
  const { text } = describeContainerState(container, now);
  const facts = [
    kind === "container-unhealthy"
      ? `running but unhealthy (${container.health?.failingStreak ?? "?"} failed checks): ${container.health?.lastOutput?.trim() || "no output"}`
      : kind === "container-restarting" && container.state === "running"
        ? `in a crash loop: ${text}`
        : text,
    container.restartPolicy && container.state !== "missing" ? `restart policy ${container.restartPolicy.name}` : null,
    container.reason,
    container.error ? `Docker: ${container.error}` : null,
  ];
  return { status: "failed", detail: facts.filter(Boolean).join("; ") };
}

export interface EndpointAnswer {
  httpStatus: number | null;
  contentType: string | null;
  body: string;
  /** Why nothing usable answered (network error, timeout, too large). */
  error: string | null;
}

/** The endpoint as collected from one answer (the same reading as server/collect/probe-metrics-endpoint.ts). */
export function endpointView(endpoint: EndpointConfig, answer: EndpointAnswer): MetricsEndpointView {
  const base: MetricsEndpointView = {
    ...unprobedEndpointView(endpoint),
    httpStatus: answer.httpStatus,
    contentType: answer.contentType,
    bytes: answer.error === null && answer.httpStatus !== null ? answer.body.length : null,
    error: answer.error,
  };
  if (answer.error !== null || answer.httpStatus === null) return base;
  return {
    ...base,
    ...readMetricsAnswer({ status: answer.httpStatus, contentType: answer.contentType, body: answer.body }, endpoint.expect),
  };
}

/** Passed exactly when the board finds no cause on the endpoint: it answers with metrics and every `expect` family. */
export function endpointVerdict(view: MetricsEndpointView): Verdict {
  const kind = judgeEndpoint(view);
  if (kind === "metrics-endpoint-unreachable" && view.httpStatus === null)
    return { status: "failed", detail: `no answer from ${view.url}: ${view.error}` };
  if (kind !== null) return { status: "failed", detail: view.error ?? kind };
  const counts = `HTTP ${view.httpStatus}, ${plural(view.families.length, "family", "families")}`;
  const missing = missingExpected(view);
  if (missing.length > 0)
    return {
      status: "failed",
      detail: `${counts}; missing expected ${missing.length === 1 ? "family" : "families"}: ${missing.join(", ")}`,
    };
  const expected = view.expected.length
    ? `all ${plural(view.expected.length, "expected family", "expected families")} present`
    : "no families expected in cascade.yaml";
  return { status: "passed", detail: `${counts}; ${expected}` };
}

const describeTarget = (target: PrometheusTarget) =>
  `${target.job} (${target.scrapeUrl}) ${target.health === "unknown" ? "not scraped yet" : `down: ${target.lastError ?? "no error given"}`}`;

/** The endpoint (whose step did not pass) that explains a target being down, if any. */
export function explainingEndpoint(
  target: PrometheusTarget,
  endpoints: MetricsEndpointView[],
  notPassed: Map<string, "failed" | "skipped">,
): string | null {
  const endpoint = endpointForTarget(target, endpoints);
  return endpoint && notPassed.has(endpoint.name) ? endpoint.name : null;
}

/** `which failed` / `which was skipped` for the endpoints a skip depends on. */
export function dependsOnEndpoints(names: string[], notPassed: Map<string, "failed" | "skipped">): string {
  const allFailed = names.every((name) => notPassed.get(name) === "failed");
  return `depends on ${names.length === 1 ? "endpoint" : "endpoints"} ${joinWords(names)}, which ${allFailed ? "failed" : "did not pass"}`;
}

/**
 * Every active target up. A target down because its metrics endpoint's step did not pass is that step's failure, not
 * a new one: when all down targets are explained so, the step is skipped; one unexplained down target fails it.
 */
export function judgeTargets(
  targets: PrometheusTarget[],
  endpoints: MetricsEndpointView[],
  notPassed: Map<string, "failed" | "skipped">,
): Verdict {
  if (targets.length === 0) return { status: "failed", detail: "Prometheus has no active scrape targets" };
  const down = targets.filter((target) => target.health !== "up");
  const upCount = `${targets.length - down.length} of ${targets.length} targets up`;
  if (down.length === 0)
    return { status: "passed", detail: `${upCount}: ${targets.map((target) => `${target.job} (${target.instance})`).join(", ")}` };
  const unexplained = down.filter((target) => explainingEndpoint(target, endpoints, notPassed) === null);
  const explained = down.filter((target) => !unexplained.includes(target));
  if (unexplained.length > 0) {
    const also = explained.length
      ? `; also down because their endpoint did not pass: ${explained.map((target) => target.job).join(", ")}`
      : "";
    return {
      status: "failed",
      detail: `${plural(unexplained.length, "target")} down: ${unexplained.map(describeTarget).join("; ")}${also} (${upCount})`,
    };
  }
  const names = [...new Set(explained.map((target) => explainingEndpoint(target, endpoints, notPassed)!))];
  return { status: "skipped", detail: `${dependsOnEndpoints(names, notPassed)} (${explained.map(describeTarget).join("; ")}); ${upCount}` };
}
