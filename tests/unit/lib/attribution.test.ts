import { describe, expect, it } from "vitest";
import type { Observation, PanelView, PrometheusTarget } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";
import { matches, readSelectors } from "@/lib/promql/selectors";
import { scaleObservation } from "../../support/scale-observation";

// Which failing scrape explains which empty panel: from the query's job/instance matchers, or from which jobs export
// the metric it reads (prometheus.metricJobs). Table-driven on a small observation.

const base = scaleObservation();
const target = (job: string, instance: string, health: PrometheusTarget["health"]): PrometheusTarget => ({
  job,
  instance,
  scrapeUrl: `http://${instance}/metrics`,
  health,
  lastError: health === "down" ? "connection refused" : null,
  lastScrape: null,
  lastScrapeDuration: null,
});
const emptyPanel = (expr: string): PanelView => ({
  id: 1,
  title: expr,
  type: "timeseries",
  rowTitle: null,
  status: "no-data",
  queries: [{ refId: "A", expr, resolvedExpr: expr, metrics: [], status: "no-data", missingMetrics: [], error: null, series: 0 }],
});

function explainedBy(expr: string, metricJobs: Record<string, string[]> | undefined): string[] {
  const observation: Observation = {
    ...base,
    containers: [],
    timeline: [],
    prometheus: {
      ...base.prometheus!,
      targets: [target("fleet", "f1:9100", "down"), target("node", "n1:9100", "up")],
      metricJobs,
    },
    dashboards: [{ uid: "d", title: "D", source: "file", url: null, panels: [emptyPanel(expr)], error: null }],
  };
  return diagnoseBoard(observation, new Date(base.generatedAt)).dashboards[0]!.causes.map((cause) => cause.subject);
}

const FLEET = ["http://f1:9100/metrics"];
const JOBS = { node_load1: ["node"], fleet_load: ["fleet"], shared_total: ["fleet", "node"] };

describe("a down target explains an empty panel only when the panel can read from it", () => {
  it.each([
    ['up{job="node"}', JOBS, []],
    ['up{job="fleet"}', JOBS, FLEET],
    ['up{job=~"fl.*"}', JOBS, FLEET],
    ['up{job!="fleet"}', JOBS, []],
    ['up{instance="f1:9100"}', JOBS, FLEET],
    ['up{instance="f2:9100"}', JOBS, []],
    ['up{job="fleet", instance!~"f1.*"}', JOBS, []],
    ["node_load1", JOBS, []],
    ["rate(fleet_load[5m])", JOBS, FLEET],
    ["shared_total", JOBS, []],
    ['node_load1 / on() group_left fleet_load{job="fleet"}', JOBS, FLEET],
    ["node_load1", undefined, FLEET],
  ] as const)("%s", (expr, jobs, expected) => {
    expect(explainedBy(expr, jobs as Record<string, string[]> | undefined)).toEqual(expected);
  });
});

describe("readSelectors", () => {
  it("reads each selector's metrics and its job/instance matchers, and nothing from a broken query", () => {
    expect(readSelectors('sum(rate(a{job="x", instance=~"h.*", mode="idle"}[5m])) / b')).toEqual([
      {
        metrics: ["a"],
        matchers: [
          { label: "job", op: "=", value: "x" },
          { label: "instance", op: "=~", value: "h.*" },
        ],
      },
      { metrics: ["b"], matchers: [] },
    ]);
    expect(readSelectors("sum(a{job=")).toEqual([]);
  });

  it("anchors regexes as Prometheus does, and an unreadable one does not rule a target out", () => {
    expect(matches({ label: "job", op: "=~", value: "fle" }, "fleet")).toBe(false);
    expect(matches({ label: "job", op: "!~", value: "fle" }, "fleet")).toBe(true);
    expect(matches({ label: "job", op: "=~", value: "(" }, "fleet")).toBe(true);
  });
});

describe("grouping", () => {
  const exited = (name: string, image: string, exitCode: number) => ({
    ...base.containers.find((container) => container.state === "exited")!,
    name,
    image,
    exitCode,
    labels: undefined,
  });
  const diagnose = (containers: Observation["containers"]) =>
    renderBoard(diagnoseBoard({ ...base, containers, timeline: [], dashboards: [] }, new Date(base.generatedAt))).summary.causes;

  it("groups containers without a Compose project by image and exit code, from three members on", () => {
    const causes = diagnose([exited("a", "img", 1), exited("b", "img", 1), exited("c", "img", 1), exited("d", "img", 2)]);
    expect(causes.filter((cause) => cause.kind === "container-exited").map((cause) => cause.subject)).toEqual(["image:img exit:1", "d"]);
    expect(causes[0]!.members).toEqual({ count: 3, subjects: ["a", "b", "c"] });
    expect(causes[0]!.title).toBe("3 containers of the image img exited (exit 1).");
  });

  it("keeps two alike containers as two causes, as before", () => {
    const causes = diagnose([exited("a", "img", 1), exited("b", "img", 1)]);
    expect(causes.filter((cause) => cause.kind === "container-exited").map((cause) => cause.subject)).toEqual(["a", "b"]);
  });
});
