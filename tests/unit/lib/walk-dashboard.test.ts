import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type DashboardPanel, type WalkedDashboard, walkDashboard } from "@/lib/dashboards/walk-dashboard";
import { extractMetricNames } from "@/lib/promql/metric-names";
import { DEMO_DASHBOARD_TITLES } from "../../support/demo-stack";

const fixturesDir = new URL("../../fixtures/dashboards/", import.meta.url);
const demoDir = new URL("../../../demo/grafana/dashboards/", import.meta.url);
const readJson = (dir: URL, file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), "utf8"));

const queriesOf = (walked: WalkedDashboard) => walked.panels.flatMap((panel) => panel.queries);
const runnable = (walked: WalkedDashboard) => queriesOf(walked).filter((query) => query.skipReason === null);
const metricsOf = (walked: WalkedDashboard) => new Set(runnable(walked).flatMap((query) => extractMetricNames(query.resolvedExpr).metrics));
const panelTitled = (walked: WalkedDashboard, title: string): DashboardPanel => {
  const panel = walked.panels.find((candidate) => candidate.title === title);
  if (!panel) throw new Error(`no panel titled ${title}`);
  return panel;
};

// Counts checked independently with jq over the raw JSON, and metric names with a separate tokenizer.
const fixtures = [
  {
    file: "rfmoz__grafana-dashboards__node-exporter-full.json",
    title: "Node Exporter Full",
    uid: "rYdddlPWk",
    schema: 41,
    panels: 141,
    rows: 16,
    queries: 286,
    hidden: 11,
    instant: 14,
    metrics: 228,
  },
  {
    file: "rfmoz__grafana-dashboards__node-exporter-full-old.json",
    title: "Node Exporter Full Old",
    uid: null,
    schema: 14,
    panels: 191,
    rows: 19,
    queries: 472,
    hidden: 9,
    instant: 0,
    metrics: 432,
  },
  {
    file: "dotdc__grafana-dashboards-kubernetes__k8s-views-nodes.json",
    title: "Kubernetes / Views / Nodes",
    uid: "k8s_views_nodes",
    schema: 39,
    panels: 41,
    rows: 6,
    queries: 52,
    hidden: 0,
    instant: 4,
    metrics: 50,
  },
  {
    file: "monitoring-mixins__website__k8s-resources-cluster.json",
    title: "Kubernetes / Compute Resources / Cluster",
    uid: "efa86fd1d0c121a26444b636a3f509a8",
    schema: 39,
    panels: 22,
    rows: 0,
    queries: 44,
    hidden: 0,
    instant: 32,
    metrics: 22,
  },
  {
    file: "stefanprodan__dockprom__docker_containers.json",
    title: "Docker Containers",
    uid: null,
    schema: 12,
    panels: 19,
    rows: 5,
    queries: 16,
    hidden: 0,
    instant: 0,
    metrics: 19,
  },
  {
    file: "grafana__docker-otel-lgtm__grafana-dashboard-red-metrics-native.json",
    title: "RED Metrics (native histogram)",
    uid: "f543a537-cb96-470d-a349-660ad1513135",
    schema: 39,
    panels: 5,
    rows: 0,
    queries: 5,
    hidden: 0,
    instant: 0,
    metrics: 5,
  },
  {
    file: "monitoring-mixins__website__prometheus.json",
    title: "Prometheus / Overview",
    uid: "9fa0d141-d019-4ad7-8bc5-42196ee308bd",
    schema: 39,
    panels: 15,
    rows: 5,
    queries: 15,
    hidden: 0,
    instant: 2,
    metrics: 16,
  },
];

describe("walkDashboard on real dashboards", () => {
  it("covers every fixture in the folder", () => {
    const files = readdirSync(fixturesDir).filter((file) => file.endsWith(".json"));
    expect(files.sort()).toEqual(fixtures.map((fixture) => fixture.file).sort());
  });

  it.each(fixtures)("$file: panels, rows, queries and metrics", (fixture) => {
    const walked = walkDashboard(readJson(fixturesDir, fixture.file));
    expect(walked).toMatchObject({ title: fixture.title, uid: fixture.uid, schemaVersion: fixture.schema });
    expect(walked.panels).toHaveLength(fixture.panels);
    expect(walked.panels.filter((panel) => panel.type === "row" && panel.skipReason === "row")).toHaveLength(fixture.rows);
    const queries = queriesOf(walked);
    expect(queries).toHaveLength(fixture.queries);
    expect(runnable(walked)).toHaveLength(fixture.queries); // every query here targets Prometheus
    expect(queries.filter((query) => query.hidden)).toHaveLength(fixture.hidden);
    expect(queries.filter((query) => query.instant)).toHaveLength(fixture.instant);
    expect(metricsOf(walked).size).toBe(fixture.metrics);
  });

  it.each(fixtures)("$file: every resolved Prometheus expression parses", ({ file }) => {
    const failures = runnable(walkDashboard(readJson(fixturesDir, file)))
      .map((query) => ({ expr: query.resolvedExpr, error: extractMetricNames(query.resolvedExpr).error }))
      .filter((result) => result.error !== null);
    expect(failures).toEqual([]);
  });

  it("needs the substitution: raw expressions with variables do not parse", () => {
    const walked = walkDashboard(readJson(fixturesDir, "rfmoz__grafana-dashboards__node-exporter-full.json"));
    const rawErrors = queriesOf(walked).filter((query) => extractMetricNames(query.expr).error !== null);
    expect(rawErrors.length).toBeGreaterThan(100);
  });

  it("node-exporter-full: 110 panels inside collapsed rows, the rest under expanded rows, ${ds_prometheus}", () => {
    const walked = walkDashboard(readJson(fixturesDir, "rfmoz__grafana-dashboards__node-exporter-full.json"));
    const inRow = (title: string) => walked.panels.filter((panel) => panel.rowTitle === title).length;
    expect(inRow("Quick CPU / Mem / Disk") + inRow("Basic CPU / Mem / Net / Disk")).toBe(15);
    expect(walked.panels.filter((panel) => panel.type !== "row")).toHaveLength(125);
    expect([inRow("Memory Meminfo"), inRow("Network Traffic"), inRow("Node Exporter")]).toEqual([13, 15, 5]);
    const cpuBusy = panelTitled(walked, "CPU Busy");
    expect(cpuBusy).toMatchObject({ id: 20, type: "gauge", rowTitle: "Quick CPU / Mem / Disk", skipReason: null });
    expect(cpuBusy.queries[0]).toMatchObject({
      refId: "A",
      datasource: { kind: "prometheus", uid: null, name: null },
      resolvedExpr: '100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle",instance=".*",job=".*"}[1m])))',
    });
  });

  it("node-exporter-full-old: rows[] and ${DS_LOCALHOST} from __inputs", () => {
    const walked = walkDashboard(readJson(fixturesDir, "rfmoz__grafana-dashboards__node-exporter-full-old.json"));
    expect(walked.panels[0]).toMatchObject({ type: "row", title: "Basic CPU / Mem / Disk Gauge", skipReason: "row" });
    const cpuBusy = walked.panels[1];
    expect(cpuBusy).toMatchObject({ id: 20, title: "CPU Busy", type: "singlestat", rowTitle: "Basic CPU / Mem / Disk Gauge" });
    expect(cpuBusy?.queries[0]?.datasource).toEqual({ kind: "prometheus", uid: null, name: null });
    expect(cpuBusy?.queries[0]?.resolvedExpr).toContain('node_cpu{instance=~".*:.*",job=~".*"}');
    expect(new Set(queriesOf(walked).map((query) => JSON.stringify(query.datasource)))).toEqual(
      new Set([JSON.stringify({ kind: "prometheus", uid: null, name: null })]),
    );
  });

  it("k8s-resources-cluster: -- Mixed -- panels whose targets use ${datasource}; recording rules", () => {
    const walked = walkDashboard(readJson(fixturesDir, "monitoring-mixins__website__k8s-resources-cluster.json"));
    expect(walked.panels.every((panel) => panel.queries.length > 0 && panel.rowTitle === null)).toBe(true);
    expect(queriesOf(walked).every((query) => query.datasource.kind === "prometheus")).toBe(true);
    const cpu = panelTitled(walked, "CPU Utilisation").queries[0];
    expect(cpu).toMatchObject({ refId: "A", instant: true, resolvedExpr: 'cluster:node_cpu:ratio_rate5m{cluster=".*"}' });
    const metrics = metricsOf(walked);
    expect(metrics).toContain("namespace_cpu:kube_pod_container_resource_requests:sum");
    expect(metrics).toContain(":node_memory_MemAvailable_bytes:sum");
  });

  it("red-metrics: metrics chosen by {__name__=~a|b}; the text panel on the Grafana datasource is skipped", () => {
    const walked = walkDashboard(readJson(fixturesDir, "grafana__docker-otel-lgtm__grafana-dashboard-red-metrics-native.json"));
    expect(walked.panels[0]).toEqual({ id: 6, title: "", type: "text", rowTitle: null, queries: [], skipReason: "text panel" });
    expect([...metricsOf(walked)].sort()).toEqual([
      "http_server_duration",
      "http_server_duration_milliseconds",
      "http_server_duration_seconds",
      "http_server_request_duration",
      "http_server_request_duration_seconds",
    ]);
    expect(panelTitled(walked, "Request Rate").queries[0]?.resolvedExpr).toContain('job=~".+", instance=~".+"');
    expect(panelTitled(walked, "Request Rate").queries[0]?.datasource).toEqual({ kind: "prometheus", uid: "prometheus", name: null });
  });

  it("dockprom: a plain datasource name, no variables", () => {
    const walked = walkDashboard(readJson(fixturesDir, "stefanprodan__dockprom__docker_containers.json"));
    const cpuLoad = panelTitled(walked, "CPU Load");
    expect(cpuLoad).toMatchObject({ id: 4, type: "singlestat", rowTitle: "Overview" });
    expect(cpuLoad.queries[0]?.datasource).toEqual({ kind: "prometheus", uid: null, name: "Prometheus" });
    expect(cpuLoad.queries[0]?.resolvedExpr).toBe(cpuLoad.queries[0]?.expr);
  });

  it("k8s-views-nodes: ${datasource} from a datasource variable; instant gauge queries; table panels", () => {
    const walked = walkDashboard(readJson(fixturesDir, "dotdc__grafana-dashboards-kubernetes__k8s-views-nodes.json"));
    const cpu = panelTitled(walked, "CPU  Usage");
    expect(cpu).toMatchObject({ id: 7, type: "gauge", rowTitle: "Overview" });
    expect(cpu.queries[0]).toMatchObject({ instant: true, datasource: { kind: "prometheus", uid: null }, skipReason: null });
    const pods = panelTitled(walked, "List of pods on node ($node)");
    expect(pods).toMatchObject({ type: "table", rowTitle: "Overview" });
    expect(pods.queries[0]?.resolvedExpr).toContain('node=".*", cluster=".*"');
  });

  it("maps datasources to known ones when given", () => {
    const known = [{ uid: "P1809F7CD0C75ACF3", name: "Prometheus", type: "prometheus", isDefault: true }];
    const walked = walkDashboard(readJson(fixturesDir, "stefanprodan__dockprom__docker_containers.json"), { knownDatasources: known });
    expect(queriesOf(walked)[0]?.datasource).toEqual({ kind: "prometheus", uid: "P1809F7CD0C75ACF3", name: "Prometheus" });
  });
});

describe("walkDashboard on the demo dashboards", () => {
  const demo = readdirSync(demoDir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => walkDashboard(readJson(demoDir, file)));

  it("reads all six, with their titles", () => {
    expect(demo.map((walked) => walked.title).sort()).toEqual(DEMO_DASHBOARD_TITLES);
  });

  it("every query runs against the auren-prometheus datasource and parses after substitution", () => {
    const queries = demo.flatMap(runnable);
    expect(queries).toHaveLength(28);
    expect(queries.every((query) => query.datasource.kind === "prometheus" && query.datasource.uid === "auren-prometheus")).toBe(true);
    expect(queries.filter((query) => extractMetricNames(query.resolvedExpr).error !== null)).toEqual([]);
  });

  it("Cognitive Mode Analytics reads auren_hypothesis_validations_total", () => {
    const cognitive = demo.find((walked) => walked.title === "Cognitive Mode Analytics");
    expect(cognitive?.uid).toBe("auren-cognitive-modes");
    expect([...metricsOf(cognitive!)].sort()).toEqual(["auren_hypothesis_validations_total", "auren_neuros_mode_switches_total"]);
    expect(panelTitled(cognitive!, "Hypotheses validated").queries[0]?.resolvedExpr).toBe(
      'sum(increase(auren_hypothesis_validations_total{job="biometric-api", outcome="confirmed"}[1h]))',
    );
  });

  it("skips the text panel and the rows", () => {
    const overview = demo.find((walked) => walked.title === "AUREN System Overview")!;
    expect(panelTitled(overview, "About")).toMatchObject({ type: "text", queries: [], skipReason: "text panel" });
    const health = demo.find((walked) => walked.title === "AUREN System Health and Performance")!;
    expect(health.panels.filter((panel) => panel.skipReason === "row").map((panel) => panel.title)).toEqual(["Process", "Scraping"]);
    expect(panelTitled(health, "Scrape duration").rowTitle).toBe("Scraping");
  });
});
