import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import { rollUpDashboards } from "@/lib/diagnosis/dashboard-status";
import { collectBoard } from "@/server/collect/collect-board";
import { loadConfigFile } from "@/server/config/load";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { DEMO_CONFIG, DEMO_DASHBOARD_TITLES, demo, docker } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// A deadline only a fault could reach: on a busy machine a healthy upstream is slow, never "unreachable".
const demoConfig = loadConfigFile(DEMO_CONFIG);
const config = { ...demoConfig, timeouts: { ...demoConfig.timeouts, upstreamMs: 30_000 } };
const collect = async () => rollUpDashboards(observationSchema.parse(await collectBoard(config, { configDir: path.dirname(DEMO_CONFIG) })));
const MISSING_FAMILIES: Record<string, string> = {
  "auren-memory-tier-viz": "auren_memory_tier_latency_seconds_bucket",
  "auren-cognitive-modes": "auren_hypothesis_validations_total",
};

function queriedPanels(board: Observation) {
  return board.dashboards.flatMap((dashboard) =>
    dashboard.panels.filter((panel) => panel.status !== "skipped").map((panel) => ({ dashboard, panel })),
  );
}

describe("the whole demo stack in one collection", () => {
  beforeAll(() => demo("heal"));
  afterAll(() => demo("heal"));

  it("sees Prometheus, its targets, the metrics endpoint and every dashboard panel when healthy", async () => {
    const board = await collect();
    expect(board.prometheus).toMatchObject({
      url: "http://127.0.0.1:19090",
      reachable: true,
      ready: true,
      reloadConfigSuccess: true,
      error: null,
    });
    expect(board.prometheus!.version).toMatch(/^2\./);
    expect(board.prometheus!.targets.map((target) => [target.job, target.scrapeUrl, target.health]).sort()).toEqual([
      ["biometric-api", "http://127.0.0.1:18888/metrics", "up"],
      ["prometheus", "http://127.0.0.1:19090/metrics", "up"],
    ]);

    const endpoint = board.metricsEndpoints[0]!;
    expect(endpoint).toMatchObject({ name: "biometric-api", httpStatus: 200, missing: [], error: null });
    expect(endpoint.contentType).toContain("text/plain");
    expect(endpoint.bytes).toBeGreaterThan(1000);
    expect(endpoint.families).toEqual(
      expect.arrayContaining(["auren_webhook_requests_total", "auren_memory_tier_operations_total", "process_cpu_seconds_total"]),
    );

    expect(board.dashboards.map((dashboard) => dashboard.title).sort()).toEqual(DEMO_DASHBOARD_TITLES);
    for (const { dashboard, panel } of queriedPanels(board)) {
      const missing = MISSING_FAMILIES[dashboard.uid];
      const readsMissing = panel.queries.some((query) => missing !== undefined && query.metrics.includes(missing));
      if (readsMissing) {
        expect(panel.status, `${dashboard.title} / ${panel.title}`).toBe("missing-metric");
        expect(panel.queries[0]!.missingMetrics).toEqual([missing]);
      } else {
        expect(panel.status, `${dashboard.title} / ${panel.title}: ${panel.queries[0]?.error}`).toBe("ok");
      }
    }
    expect(board.dashboards.find((dashboard) => dashboard.uid === "auren-system-overview")!.panelCounts.skipped).toBe(1);
  });

  it("after demo:incident shows the exited container, Prometheus unreachable, the 500 and every panel unreachable", async () => {
    await demo("incident");
    const board = await collect();
    const prometheusContainer = board.containers.find((container) => container.name === "auren-prometheus")!;
    expect(prometheusContainer).toMatchObject({ state: "exited", exitCode: 0 });
    expect(prometheusContainer.logTail.some((line) => line.includes("Received SIGTERM, exiting gracefully"))).toBe(true);
    expect(board.prometheus).toMatchObject({ reachable: false, ready: false, targets: [] });
    expect(board.prometheus!.error).toMatch(/connection refused/);
    expect(board.metricsEndpoints[0]).toMatchObject({ httpStatus: 500, families: [] });
    expect(board.metricsEndpoints[0]!.error).toContain("NameError: name 'Response' is not defined");
    expect(board.metricsEndpoints[0]!.missing).toEqual(config.metricsEndpoints[0]!.expect);
    for (const { panel } of queriedPanels(board)) expect(panel.status).toBe("unreachable");
    expect(board.dashboards.every((dashboard) => dashboard.status === "down")).toBe(true);
  });

  it("keeps the Docker events as a timeline, newest first, and hears a die as it happens", async () => {
    await demo("heal");
    await collect();
    const feed = getDockerEventFeed();
    const heard = new Promise((resolve) => {
      const stop = feed.subscribe((event) => {
        if (event.subject === "auren-api" && event.kind === "die") {
          stop();
          resolve(event);
        }
      });
    });
    await docker("restart", "-t", "1", "auren-api");
    expect(await heard).toMatchObject({ subject: "auren-api", kind: "die" });
    const board = await collect();
    const kinds = board.timeline.filter((event) => event.subject === "auren-api").map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(["restart", "start", "die"]));
    expect(kinds.indexOf("start")).toBeLessThan(kinds.indexOf("die"));
    const times = board.timeline.map((event) => event.time);
    expect([...times].sort().reverse()).toEqual(times);
    await demo("up");
  });
});
