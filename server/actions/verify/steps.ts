import "server-only";
import type { ContainerView, MetricsEndpointView, PrometheusTarget } from "@/lib/contracts/board";
import type { VerifyRun, VerifyStep } from "@/lib/contracts/operations";
import { endpointForTarget } from "@/lib/diagnosis/ownership";
import { joinWords, plural } from "@/lib/diagnosis/words";
import { metricNamesOf, parseExposition } from "@/lib/exposition/parse-exposition";
import { describeContainerState } from "@/lib/format/container-status";
import { formatRelative } from "@/lib/format/relative-time";
import type { CascadeConfig } from "@/server/config";

// The verify run's plan and its judges. Pure: every function here decides from data it is given, so the
// deciding rules are tested table-driven; run-verify.ts and step-probes.ts do the I/O.

export type Verdict = { status: "passed" | "failed" | "skipped"; detail: string };
export type EndpointConfig = CascadeConfig["metricsEndpoints"][number];

/** Stands for the dashboards until they are loaded; replaced by one `dashboard:<uid>` step each. */
export const DASHBOARDS_STEP = "dashboards";

function pending(id: string, title: string, dependsOn: string[]): VerifyStep {
  return { id, title, status: "pending", detail: null, dependsOn, startedAt: null, finishedAt: null };
}

/**
 * The steps for a config, in the order they run: containers, metrics endpoints, Prometheus's readiness, the scrape
 * targets (judged after the endpoints, so a target down because its endpoint failed is explained), the data source,
 * the dashboards.
 */
export function buildVerifySteps(config: CascadeConfig): VerifyStep[] {
  const containerDep = (name: string | undefined) => (name ? [`container:${name}`] : []);
  const steps = config.containers.map((container) => pending(`container:${container.name}`, `Container ${container.name} is running`, []));
  for (const endpoint of config.metricsEndpoints) {
    steps.push(
      pending(`endpoint:${endpoint.name}`, `Metrics endpoint ${endpoint.name} answers with its families`, containerDep(endpoint.container)),
    );
  }
  if (config.prometheus) {
    steps.push(pending("prometheus-ready", "Prometheus is ready", containerDep(config.prometheus.container)));
    steps.push(pending("targets", "Every scrape target is up", ["prometheus-ready"]));
  }
  const readyDep = config.prometheus ? ["prometheus-ready"] : [];
  if (config.grafana?.url) steps.push(pending("datasource", "Grafana's Prometheus data source answers", readyDep));
  else if (config.prometheus) steps.push(pending("datasource", "Prometheus answers a query", readyDep));
  if (config.grafana?.url || config.grafana?.dashboardsDir) {
    steps.push(
      pending(
        DASHBOARDS_STEP,
        "Every dashboard's Prometheus panels return data",
        steps.some((step) => step.id === "datasource") ? ["datasource"] : [],
      ),
    );
  }
  return steps;
}

/** The steps that replace the placeholder once the dashboards are known. */
export function dashboardSteps(dashboards: { uid: string; title: string }[], dependsOn: string[]): VerifyStep[] {
  return dashboards.map((dashboard) => pending(`dashboard:${dashboard.uid}`, `Dashboard “${dashboard.title}” returns data`, dependsOn));
}

/** How a step is named inside another step's reason: "endpoint biometric-api", "Prometheus readiness". */
export function subjectOf(step: Pick<VerifyStep, "id" | "title">): string {
  const [kind, ...rest] = step.id.split(":");
  const name = rest.join(":");
  if (kind === "container" || kind === "endpoint" || kind === "dashboard") return `${kind} ${name}`;
  return (
    { "prometheus-ready": "Prometheus readiness", targets: "the scrape targets", datasource: "the data source" }[step.id] ?? step.title
  );
}

/** `skipped` when a dependency failed or was itself skipped; null when the step may run. */
export function dependencyVerdict(step: VerifyStep, steps: VerifyStep[]): Verdict | null {
  for (const id of step.dependsOn) {
    const dependency = steps.find((candidate) => candidate.id === id);
    if (dependency?.status === "failed") return { status: "skipped", detail: `depends on ${subjectOf(dependency)}, which failed` };
    if (dependency?.status === "skipped")
      return { status: "skipped", detail: `depends on ${subjectOf(dependency)}, which was skipped: ${dependency.detail}` };
  }
  return null;
}

/** A run fails when any step failed; steps skipped because of a failure are already counted by that failure. */
export function runStatusOf(steps: VerifyStep[]): VerifyRun["status"] {
  return steps.some((step) => step.status === "failed") ? "failed" : "passed";
}

export function judgeContainer(container: ContainerView, now: Date): Verdict {
  if (container.state === "running" && container.health?.status !== "unhealthy") {
    const health = container.health && container.health.status !== "none" ? `, health ${container.health.status}` : "";
    return {
      status: "passed",
      detail: `running since ${container.startedAt ?? "an unknown time"} (${formatRelative(container.startedAt, now) ?? "?"})${health}`,
    };
  }
  const { text } = describeContainerState(container, now);
  const facts = [
    container.state === "running"
      ? `running but unhealthy (${container.health?.failingStreak ?? "?"} failed checks): ${container.health?.lastOutput?.trim() || "no output"}`
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

/** The endpoint as the rest of the run sees it before (or without) an answer: its expected families only. */
export function configuredEndpointView(endpoint: EndpointConfig): MetricsEndpointView {
  return {
    name: endpoint.name,
    url: endpoint.url,
    container: endpoint.container ?? null,
    httpStatus: null,
    contentType: null,
    bytes: null,
    latencyMs: null,
    families: [],
    samples: 0,
    expected: endpoint.expect,
    missing: endpoint.expect,
    parseProblems: [],
    error: null,
  };
}

const firstLine = (body: string) => {
  const text = body
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/** Passed when HTTP 200, the body has `# HELP` lines, and every `expect` family is present. */
export function judgeEndpoint(endpoint: EndpointConfig, answer: EndpointAnswer): { verdict: Verdict; view: MetricsEndpointView } {
  const view = { ...configuredEndpointView(endpoint), httpStatus: answer.httpStatus, contentType: answer.contentType, error: answer.error };
  if (answer.error !== null) return { view, verdict: { status: "failed", detail: `no answer from ${endpoint.url}: ${answer.error}` } };
  if (answer.httpStatus !== 200) {
    const body = firstLine(answer.body);
    return { view, verdict: { status: "failed", detail: `HTTP ${answer.httpStatus}${body ? `: ${body}` : ""}` } };
  }
  const parsed = parseExposition(answer.body, { contentType: answer.contentType });
  const names = metricNamesOf(parsed);
  const families = parsed.families.map((family) => family.name).sort();
  const helpLines = parsed.families.filter((family) => family.help !== null).length;
  const missing = endpoint.expect.filter((name) => !names.has(name));
  const seen = { ...view, families, missing, samples: parsed.families.reduce((sum, family) => sum + family.samples.length, 0) };
  const counts = `HTTP 200, ${plural(families.length, "family", "families")}, ${plural(helpLines, "# HELP line")}`;
  if (helpLines === 0)
    return {
      view: seen,
      verdict: { status: "failed", detail: `${counts}: not Prometheus metrics (${firstLine(answer.body).slice(0, 80) || "empty body"})` },
    };
  if (missing.length > 0)
    return {
      view: seen,
      verdict: {
        status: "failed",
        detail: `${counts}; missing expected ${missing.length === 1 ? "family" : "families"}: ${missing.join(", ")}`,
      },
    };
  const expected = endpoint.expect.length
    ? `all ${plural(endpoint.expect.length, "expected family", "expected families")} present`
    : "no families expected in cascade.yaml";
  return { view: seen, verdict: { status: "passed", detail: `${counts}; ${expected}` } };
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
