import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Observation, observationSchema, type PanelView, type PrometheusTarget } from "@/lib/contracts/board";
import type { VerifyStep } from "@/lib/contracts/operations";
import { type DashboardContext, judgeDashboard, selectsJob } from "@/lib/health/dashboards";
import {
  judgeGrafanaDatasources,
  judgeReady,
  judgeUpQuery,
  parseDuration,
  scrapeIntervalSeconds,
  settleWaitMs,
} from "@/lib/health/prometheus";
import {
  buildVerifySteps,
  containerVerdict,
  dashboardSteps,
  dependencyVerdict,
  type EndpointAnswer,
  type EndpointConfig,
  endpointVerdict,
  endpointView,
  judgeTargets,
  type PlannedStep,
  planVerify,
  runStatusOf,
} from "@/lib/health/verify-steps";
import { loadConfigFile, parseConfig } from "@/server/config/load";

// The verify run's deciding rules, on observations recorded off real Docker and Prometheus
// (tests/fixtures/observations/README.md) and real /metrics output (tests/fixtures/metrics/).
const ROOT = path.resolve(__dirname, "../../..");
const load = (name: string): Observation =>
  observationSchema.parse(JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/observations", `${name}.json`), "utf8")));
const metricsText = (file: string) => fs.readFileSync(path.join(ROOT, "tests/fixtures/metrics", file), "utf8");
const demoConfig = loadConfigFile(path.join(ROOT, "demo/cascade.yaml"));
const endpointConfig = demoConfig.metricsEndpoints[0]!;
const at = (observation: Observation) => new Date(Date.parse(observation.generatedAt));
const judgeEndpoint = (config: EndpointConfig, answer: EndpointAnswer) => {
  const view = endpointView(config, answer);
  return { view, verdict: endpointVerdict(view) };
};
const configuredEndpointView = (config: EndpointConfig) =>
  endpointView(config, { httpStatus: null, contentType: null, body: "", error: null });

describe("the plan for a config", () => {
  it("lists the demo's steps in run order with their dependencies", () => {
    const steps = buildVerifySteps(demoConfig);
    expect(steps.map((step) => [step.id, step.dependsOn, step.status])).toEqual([
      ["container:auren-prometheus", [], "pending"],
      ["container:auren-api", [], "pending"],
      ["endpoint:biometric-api", ["container:auren-api"], "pending"],
      ["prometheus-ready", ["container:auren-prometheus"], "pending"],
      ["targets", ["prometheus-ready"], "pending"],
      ["datasource", ["prometheus-ready"], "pending"],
      ["dashboards", ["datasource"], "pending"],
    ]);
    expect(steps.find((step) => step.id === "datasource")!.title).toBe("Prometheus answers a query");
  });

  it("checks Grafana's data source when grafana.url is set, and has no Prometheus steps without prometheus", () => {
    const withGrafana = parseConfig("prometheus:\n  url: http://127.0.0.1:9090\ngrafana:\n  url: http://127.0.0.1:3000\n", "c.yaml");
    expect(buildVerifySteps(withGrafana).map((step) => `${step.id}<-${step.dependsOn.join(",")}`)).toEqual([
      "prometheus-ready<-",
      "targets<-prometheus-ready",
      "datasource<-prometheus-ready",
      "dashboards<-datasource",
    ]);
    expect(buildVerifySteps(withGrafana)[2]!.title).toBe("Grafana's Prometheus data source answers");
    const containersOnly = parseConfig("containers:\n  - name: web\n", "c.yaml");
    expect(buildVerifySteps(containersOnly).map((step) => step.id)).toEqual(["container:web"]);
  });

  it("names one step per dashboard, depending on what the placeholder depended on", () => {
    const planned = dashboardSteps([{ uid: "auren-webhooks", title: "Webhook and Event Processing" }], ["datasource"]);
    expect(planned.map(({ subject }) => subject)).toEqual([
      { type: "dashboard", uid: "auren-webhooks", title: "Webhook and Event Processing" },
    ]);
    expect(planned.map(({ step }) => step)).toEqual([
      {
        id: "dashboard:auren-webhooks",
        title: "Dashboard “Webhook and Event Processing” returns data",
        status: "pending",
        detail: null,
        dependsOn: ["datasource"],
        startedAt: null,
        finishedAt: null,
      },
    ]);
  });
});

describe("skipping and the run's status", () => {
  const plan = (statuses: Record<string, VerifyStep["status"]>): PlannedStep[] =>
    planVerify(demoConfig).map(({ subject, step }) => ({
      subject,
      step: {
        ...step,
        status: statuses[step.id] ?? step.status,
        detail: statuses[step.id] === "skipped" ? "depends on container auren-prometheus, which failed" : null,
      },
    }));
  const steps = (statuses: Record<string, VerifyStep["status"]>): VerifyStep[] => plan(statuses).map(({ step }) => step);

  it.each([
    ["prometheus-ready", { "container:auren-prometheus": "failed" }, "depends on container auren-prometheus, which failed"],
    ["endpoint:biometric-api", { "container:auren-api": "failed" }, "depends on container auren-api, which failed"],
    [
      "targets",
      { "prometheus-ready": "skipped" },
      "depends on Prometheus readiness, which was skipped: depends on container auren-prometheus, which failed",
    ],
    ["datasource", { "prometheus-ready": "failed" }, "depends on Prometheus readiness, which failed"],
  ] as const)("%s is skipped when %o", (id, statuses, detail) => {
    const all = plan(statuses);
    expect(dependencyVerdict(all.find(({ step }) => step.id === id)!, all)).toEqual({ status: "skipped", detail });
  });

  it("lets a step run when its dependencies passed", () => {
    const all = plan({ "container:auren-prometheus": "passed" });
    expect(dependencyVerdict(all.find(({ step }) => step.id === "prometheus-ready")!, all)).toBeNull();
  });

  it.each([
    [{ "container:auren-api": "passed", targets: "skipped" }, "passed"],
    [{ "endpoint:biometric-api": "failed", targets: "skipped" }, "failed"],
  ] as const)("a run with %o is %s", (statuses, status) => {
    expect(runStatusOf(steps(statuses))).toBe(status);
  });
});

describe("container steps, on recorded containers", () => {
  it.each([
    ["healthy", "auren-prometheus", "passed", /^running since 2026-11-30T05:33:1\d.*Z \(\d+ (seconds?|minutes?) ago\)$/],
    ["healthy", "auren-api", "passed", /health healthy$/],
    ["container-exited-sigterm", null, "failed", /^Exited \(0\) .*; restart policy no$/],
    ["container-oom-killed", null, "failed", /^Exited \(137, OOM-killed\)/],
    ["container-unhealthy", null, "failed", /^running but unhealthy \(2 failed checks\): nc: can't connect/],
    ["container-paused", null, "failed", /^Paused/],
    ["container-crash-loop", null, "failed", /^Restarting \(1\), 3 restarts; restart policy always$/],
    ["container-missing", null, "failed", /^Missing: no such container; no container named cascade-rec-no-such-container$/],
    ["docker-unreachable", null, "failed", /^Unknown: Docker cannot be asked;.*socket does not exist/],
  ] as const)("%s %s: %s", (scenario, name, status, detail) => {
    const observation = load(scenario);
    const container = name ? observation.containers.find((candidate) => candidate.name === name)! : observation.containers[0]!;
    const verdict = containerVerdict(container, observation.timeline, at(observation));
    expect(verdict.status).toBe(status);
    expect(verdict.detail).toMatch(detail);
  });
});

describe("metrics endpoint steps", () => {
  const endpoint = (expect: string[]) => ({ ...endpointConfig, expect });
  const ok = (body: string, contentType = "text/plain; version=0.0.4") => ({ httpStatus: 200, contentType, body, error: null });

  it.each([
    [
      "real Prometheus output",
      endpoint(["prometheus_build_info", "go_goroutines"]),
      ok(metricsText("prometheus.txt")),
      "passed",
      "HTTP 200, 169 families; all 2 expected families present",
    ],
    [
      "real node-exporter output, a family missing",
      endpoint(["node_cpu_seconds_total", "auren_webhook_requests_total"]),
      ok(metricsText("node-exporter.txt")),
      "failed",
      /families; missing expected family: auren_webhook_requests_total$/,
    ],
    [
      "OpenMetrics with a counter read by its _total name",
      endpoint(["promhttp_metric_handler_errors_total"]),
      ok(metricsText("prometheus__prometheus__alltypes.5mfs.om.txt"), "application/openmetrics-text; version=1.0.0"),
      "passed",
      /expected family present$/,
    ],
    [
      "the incident's 500",
      endpoint([]),
      { httpStatus: 500, contentType: "text/plain", body: "500 NameError: name 'Response' is not defined\nTraceback", error: null },
      "failed",
      "HTTP 500: 500 NameError: name 'Response' is not defined Traceback",
    ],
    [
      "an HTML page with 200",
      endpoint([]),
      ok("<html><body><h1>Login</h1></body></html>", "text/html"),
      "failed",
      "answered HTML, not the Prometheus text format (text/html)",
    ],
    // The board's judge: samples without # HELP lines are valid metrics (the text format makes HELP optional).
    [
      "samples without HELP",
      endpoint([]),
      ok("up 1\nfoo_total 3\n"),
      "passed",
      "HTTP 200, 2 families; no families expected in cascade.yaml",
    ],
    ["an empty 200", endpoint([]), ok(""), "failed", "answered 200 with no metric families"],
    [
      "nothing listening",
      endpoint([]),
      { httpStatus: null, contentType: null, body: "", error: "http://127.0.0.1:18888/metrics: connection refused" },
      "failed",
      "no answer from http://127.0.0.1:18888/metrics: http://127.0.0.1:18888/metrics: connection refused",
    ],
  ] as const)("%s", (_case, config, answer, status, detail) => {
    const { verdict, view } = judgeEndpoint(config, answer);
    expect(verdict.status).toBe(status);
    expect(verdict.detail).toMatch(detail);
    expect(view.name).toBe("biometric-api");
  });

  it("returns the families it read, for the dashboards' ownership rules", () => {
    const { view } = judgeEndpoint(endpoint(["go_goroutines"]), ok(metricsText("prometheus.txt")));
    expect(view.families).toContain("prometheus_build_info");
    expect(view.missing).toEqual([]);
  });
});

describe("the targets step", () => {
  const healthy = load("healthy");
  const endpoints = healthy.metricsEndpoints;
  const targets = healthy.prometheus!.targets;
  const down = (job: string, health: PrometheusTarget["health"] = "down"): PrometheusTarget[] =>
    targets.map((target) =>
      target.job === job
        ? { ...target, health, lastError: health === "down" ? "server returned HTTP status 500 Internal Server Error" : null }
        : target,
    );

  it.each([
    ["all up", targets, new Map(), "passed", "2 of 2 targets up: biometric-api (127.0.0.1:18888), prometheus (127.0.0.1:19090)"],
    [
      "down because its endpoint failed",
      down("biometric-api"),
      new Map([["biometric-api", "failed"]]),
      "skipped",
      /^depends on endpoint biometric-api, which failed \(biometric-api \(http:\/\/127\.0\.0\.1:18888\/metrics\) down: server returned HTTP status 500 Internal Server Error\); 1 of 2 targets up$/,
    ],
    [
      "not scraped yet, its endpoint failed",
      down("biometric-api", "unknown"),
      new Map([["biometric-api", "failed"]]),
      "skipped",
      /not scraped yet/,
    ],
    [
      "down while its endpoint passed",
      down("biometric-api"),
      new Map(),
      "failed",
      /^1 target down: biometric-api \(http:\/\/127\.0\.0\.1:18888\/metrics\) down: server returned HTTP status 500/,
    ],
    [
      "one explained, one not",
      down("biometric-api").map((target) => ({ ...target, health: "down" as const })),
      new Map([["biometric-api", "failed"]]),
      "failed",
      /^1 target down: prometheus .*; also down because their endpoint did not pass: biometric-api \(0 of 2 targets up\)$/,
    ],
    ["no targets at all", [], new Map(), "failed", "Prometheus has no active scrape targets"],
  ] as const)("%s", (_case, seen, notPassed, status, detail) => {
    const verdict = judgeTargets([...seen], endpoints, new Map(notPassed));
    expect(verdict.status).toBe(status);
    expect(verdict.detail).toMatch(detail);
  });
});

describe("job selectors in panel queries (Prometheus's own grammar)", () => {
  it.each([
    ['up{job="biometric-api"}', "biometric-api", true],
    ['up{job=~"biometric-api|prometheus"}', "biometric-api", true],
    ['up{job=~"biometric-.*"}', "prometheus", false],
    ['up{job!="prometheus"}', "biometric-api", true],
    ['up{job!~"bio.*"}', "biometric-api", false],
    ["sum(up)", "biometric-api", false],
    ['sum(rate(a{job="x"}[1m])) / sum(rate(b{job="biometric-api"}[1m]))', "biometric-api", true],
    ['{"job"="biometric-api", __name__="up"}', "biometric-api", true],
    ['up{job=~"("}', "biometric-api", false],
  ] as const)("%s selects %s: %s", (expr, job, expected) => {
    expect(selectsJob(expr, job)).toBe(expected);
  });
});

describe("dashboard steps", () => {
  const healthy = load("healthy");
  const contextOf = (observation: Observation, notPassed: [string, "failed" | "skipped"][] = []): DashboardContext => ({
    endpoints: observation.metricsEndpoints,
    notPassed: new Map(notPassed),
    targets: observation.prometheus?.targets ?? [],
  });
  const dashboard = (observation: Observation, uid: string) => observation.dashboards.find((candidate) => candidate.uid === uid)!;

  /** The incident after `docker start auren-prometheus`: Prometheus answers, the API's target is down, its panels empty. */
  function incidentWithPrometheusBack(): Observation {
    const incident = load("incident");
    const failedEndpoint = incident.metricsEndpoints[0]!;
    const panels = (panel: PanelView): PanelView => {
      const queries = panel.queries.map((query) => {
        if (query.status === "skipped" || query.missingMetrics.length) return query;
        const fresh = query.metrics.every((metric) => metric === "up" || metric.startsWith("scrape_"));
        return fresh || query.expr.includes("or vector(0)")
          ? { ...query, status: "ok" as const, series: 1 }
          : { ...query, status: "no-data" as const, series: 0 };
      });
      return { ...panel, queries, status: queries.some((query) => query.status === "no-data") ? "no-data" : panel.status };
    };
    return {
      ...healthy,
      metricsEndpoints: [failedEndpoint],
      prometheus: {
        ...healthy.prometheus!,
        targets: healthy.prometheus!.targets.map((target) =>
          target.job === "biometric-api" ? { ...target, health: "down", lastError: "server returned HTTP status 500" } : target,
        ),
      },
      dashboards: healthy.dashboards.map((view) => ({ ...view, panels: view.panels.map(panels) })),
    };
  }

  it.each([
    ["auren-system-health", "passed", "6 of 6 Prometheus panels return data"],
    [
      "auren-memory-tier-viz",
      "passed",
      "3 of 4 Prometheus panels return data; 1 panel reads metrics not exported yet: Tier access latency (p95) (auren_memory_tier_latency_seconds_bucket)",
    ],
    [
      "auren-cognitive-modes",
      "passed",
      /^2 of 4 .*; 2 panels read metrics not exported yet: Hypotheses validated \(auren_hypothesis_validations_total\); Validation outcomes/,
    ],
  ] as const)("healthy %s: %s, naming the metrics not exported yet", (uid, status, detail) => {
    const verdict = judgeDashboard(dashboard(healthy, uid), contextOf(healthy));
    expect(verdict.status).toBe(status);
    expect(verdict.detail).toMatch(detail);
  });

  it("skips every demo dashboard when the API's endpoint failed, even the panels that still return stale data", () => {
    const observation = incidentWithPrometheusBack();
    const verdicts = observation.dashboards.map((view) => [
      view.uid,
      judgeDashboard(view, contextOf(observation, [["biometric-api", "failed"]])).status,
    ]);
    expect(verdicts).toEqual(observation.dashboards.map((view) => [view.uid, "skipped"]));
    const health = judgeDashboard(dashboard(observation, "auren-system-health"), contextOf(observation, [["biometric-api", "failed"]]));
    expect(health.detail).toBe(
      "depends on endpoint biometric-api, which failed: 4 panels of 6 read its metrics (CPU usage, Resident memory, Event loop lag, Open file descriptors)",
    );
  });

  it("treats a panel that returns data as blocked when it reads a failed endpoint's metric (stale samples prove nothing)", () => {
    const stale = dashboard(healthy, "auren-webhooks"); // every panel still "ok"
    const verdict = judgeDashboard(stale, contextOf(incidentWithPrometheusBack(), [["biometric-api", "failed"]]));
    expect(verdict).toEqual({
      status: "skipped",
      detail: expect.stringMatching(/^depends on endpoint biometric-api, which failed: 4 panels of 4 read its metrics/),
    });
  });

  it("fails the same empty panels when the endpoint passed: nothing explains them", () => {
    const observation = incidentWithPrometheusBack();
    const verdict = judgeDashboard(dashboard(observation, "auren-system-health"), contextOf(observation));
    expect(verdict.status).toBe("failed");
    expect(verdict.detail).toMatch(/^4 panels of 6 fail: CPU usage \(no-data\); Resident memory \(no-data\)/);
  });

  it("fails panels Prometheus cannot reach unless their metrics belong to the failed endpoint (recorded incident)", () => {
    // Prometheus is down in the recording, so no target says which job is down: process_* and up are nobody's by name.
    const incident = load("incident");
    const context = contextOf(incident, [["biometric-api", "failed"]]);
    const health = judgeDashboard(dashboard(incident, "auren-system-health"), context);
    expect(health.status).toBe("failed");
    expect(health.detail).toMatch(
      /^6 panels of 6 fail: CPU usage \(unreachable: Prometheus cannot be queried: http:\/\/127\.0\.0\.1:19090\/api\/v1\/query: connection refused\);/,
    );
    expect(judgeDashboard(dashboard(incident, "auren-webhooks"), context)).toEqual({
      status: "skipped",
      detail:
        "depends on endpoint biometric-api, which failed: 4 panels of 4 read its metrics (Webhooks by source, Webhook error ratio, Processing time p95, Events by device (1h))",
    });
  });

  it("fails on a query Prometheus rejects, naming its error (recorded panel-query-error)", () => {
    const observation = load("panel-query-error");
    expect(judgeDashboard(observation.dashboards[0]!, contextOf(observation))).toEqual({
      status: "failed",
      detail: '1 panel of 2 fails: Scrape rate (error: bad_data: invalid parameter "query": 1:17: parse error: unclosed left parenthesis)',
    });
  });

  it("judges an endpoint that was skipped (its container failed) like a failed one, and says so", () => {
    const observation = incidentWithPrometheusBack();
    const verdict = judgeDashboard(dashboard(observation, "auren-webhooks"), {
      ...contextOf(observation),
      endpoints: [configuredEndpointView(endpointConfig)],
      notPassed: new Map([["biometric-api", "skipped"]]),
    });
    expect(verdict.detail).toMatch(/^depends on endpoint biometric-api, which did not pass/);
  });
});

describe("Prometheus readiness and the waits after a start", () => {
  it.each([
    ["2s", 2],
    ["1m", 60],
    ["1m30s", 90],
    ["500ms", 0.5],
    ["1h", 3600],
    ["15s", 15],
    ["banana", null],
    ["", null],
    [undefined, null],
  ] as const)("duration %s is %s s", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it("reads the longest scrape interval from Prometheus's loaded config, defaulting to 1m", () => {
    const demoYaml =
      "global:\n  scrape_interval: 2s\n  scrape_timeout: 1s\nscrape_configs:\n- job_name: prometheus\n  scrape_interval: 2s\n- job_name: biometric-api\n  scrape_interval: 2s\n";
    expect(scrapeIntervalSeconds(demoYaml)).toBe(2);
    expect(scrapeIntervalSeconds("global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: slow\n  scrape_interval: 30s\n")).toBe(30);
    expect(scrapeIntervalSeconds("scrape_configs: []\n")).toBe(60);
  });

  const now = new Date("2026-11-30T06:00:00Z");
  it.each([
    ["started 1 s ago (2 s interval)", 3_000, { intervalSeconds: 2, startTime: "2026-11-30T05:59:59Z", becameReadyNow: false }],
    ["started 10 s ago (2 s interval)", 0, { intervalSeconds: 2, startTime: "2026-11-30T05:59:50Z", becameReadyNow: false }],
    ["became ready while polled", 16_000, { intervalSeconds: 15, startTime: null, becameReadyNow: true }],
    ["5m interval: capped at 60 s + 1 s", 61_000, { intervalSeconds: 300, startTime: "2026-11-30T05:59:00Z", becameReadyNow: false }],
  ])("%s: waits %s ms", (_case, waitMs, options) => {
    expect(settleWaitMs({ ...options, now })).toBe(waitMs);
  });

  it("states the wait and its bound, or why it is not ready", () => {
    const ready = {
      ready: true,
      detail: "HTTP 200: Prometheus Server is Ready.",
      polledMs: 1500,
      startTime: "2026-11-30T05:59:58Z",
      intervalSeconds: 2,
      intervalError: null,
      waitedMs: 3000,
    };
    expect(judgeReady(ready, now)).toEqual({
      status: "passed",
      detail:
        "ready after 1.5 s (HTTP 200: Prometheus Server is Ready.), started just now; scrape interval 2 s; it started recently, so waited one scrape interval plus 1 s (3 s; bound 61 s) before judging targets",
    });
    expect(
      judgeReady({ ...ready, ready: false, detail: "http://127.0.0.1:19090/-/ready: connection refused", polledMs: 30_200 }, now),
    ).toEqual({
      status: "failed",
      detail: "not ready after 30.2 s (polled up to 30 s): http://127.0.0.1:19090/-/ready: connection refused",
    });
  });
});

describe("the data source step", () => {
  it.each([
    [{ kind: "data", series: 2 }, "passed", "the query up returned 2 series"],
    [{ kind: "data", series: 0 }, "failed", "the query up returned no series: Prometheus has scraped nothing yet"],
    [{ kind: "error", errorType: "timeout", message: "query timed out" }, "failed", "the query up was rejected: timeout: query timed out"],
    [{ kind: "unreachable", message: "connection refused" }, "failed", "Prometheus cannot be queried: connection refused"],
  ] as const)("query up answering %o: %s", (answer, status, detail) => {
    expect(judgeUpQuery(answer)).toEqual({ status, detail });
  });

  const fixture = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/grafana", name), "utf8")) as { status: string; message: string };
  it.each([
    [
      "Grafana's OK",
      [
        {
          uid: "auren-prometheus",
          name: "Prometheus",
          ok: fixture("datasource-health-ok.json").status === "OK",
          message: fixture("datasource-health-ok.json").message,
        },
      ],
      null,
      "passed",
      "Prometheus: Successfully queried the Prometheus API.",
    ],
    [
      "a failing check",
      [{ uid: "p2", name: "Prom 2", ok: false, message: 'Post "http://auren-prometheus:9090/api/v1/query": dial tcp: connection refused' }],
      null,
      "failed",
      /^Prom 2 \(p2\): Post/,
    ],
    ["no Prometheus data source", [], null, "failed", "Grafana has no Prometheus data source"],
    [
      "a Viewer token",
      [],
      "Grafana rejected the token (HTTP 403)",
      "failed",
      "Grafana's data sources cannot be listed: Grafana rejected the token (HTTP 403)",
    ],
  ] as const)("Grafana with %s", (_case, checks, listError, status, detail) => {
    const verdict = judgeGrafanaDatasources([...checks], listError);
    expect(verdict.status).toBe(status);
    expect(verdict.detail).toMatch(detail);
  });
});
