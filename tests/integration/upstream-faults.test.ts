import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observationSchema } from "@/lib/contracts/board";
import { rollUpDashboards } from "@/lib/diagnosis/dashboard-status";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { type Behaviour, startBadUpstream } from "../support/bad-upstream";
import { demo, docker, ROOT } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// Each fault test gets a deadline that only its fault can reach. A hang reaches any deadline, so hangs get a short
// one; every other fault (a size cap, a parse error, an HTTP status) must be seen long before the generous one, even on
// a machine that is busy. The paused container's deadline also bounds Docker, which must still answer within it.
const HANG_MS = 1_500;
const DOCKER_AND_HANG_MS = 5_000;
const GENEROUS_MS = 30_000;

async function collectWith(yaml: string, deadlineMs: number, configDir = ROOT) {
  const config = parseConfig(`timeouts:\n  upstreamMs: ${deadlineMs}\n${yaml}`, "test.yaml");
  return rollUpDashboards(observationSchema.parse(await collectBoard(config, { configDir })));
}

describe("a broken upstream is data on the part it affects, never a crash", () => {
  let bad: Awaited<ReturnType<typeof startBadUpstream>>;
  beforeAll(async () => {
    bad = await startBadUpstream();
  });
  afterAll(async () => {
    await bad.close();
    await demo("up");
  });

  it.each<[Behaviour, number, RegExp, number | null]>([
    ["html", GENEROUS_MS, /answered HTML/, 200],
    ["huge", GENEROUS_MS, /sent more than 10485760 bytes/, 200],
    ["stall-body", HANG_MS, /did not answer within 1500 ms/, null],
    ["http-500", GENEROUS_MS, /HTTP 500: internal server error/, 500],
  ])("a metrics endpoint that sends %s", async (behaviour, deadlineMs, error, httpStatus) => {
    bad.set(behaviour);
    const board = await collectWith(`metricsEndpoints:\n  - name: broken\n    url: ${bad.url}/metrics\n    expect: [up]\n`, deadlineMs);
    const endpoint = board.metricsEndpoints[0]!;
    expect(endpoint.error).toMatch(error);
    expect(endpoint.httpStatus).toBe(httpStatus);
    expect(endpoint.missing).toEqual(["up"]);
  });

  it.each<[Behaviour, number, RegExp, boolean]>([
    ["http-500", GENEROUS_MS, /not ready: HTTP 500/, false],
    // /-/ready answers 200 with any body, so this one looks ready: every API call then fails to parse.
    ["garbage", GENEROUS_MS, /did not answer JSON/, true],
    ["hang", HANG_MS, /did not answer within 1500 ms/, false],
  ])("a Prometheus that answers %s", async (behaviour, deadlineMs, error, ready) => {
    bad.set(behaviour);
    const board = await collectWith(
      `prometheus:\n  url: ${bad.url}\ngrafana:\n  dashboardsDir: ${path.join(ROOT, "demo/grafana/dashboards")}\n`,
      deadlineMs,
    );
    expect(board.prometheus!.ready).toBe(ready);
    expect(board.prometheus!.error).toMatch(error);
    const statuses = new Set(
      board.dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.queries.map((query) => query.status))),
    );
    statuses.delete("skipped");
    expect([...statuses]).toEqual(["unreachable"]);
  });

  it("a paused (hung) Prometheus container costs one deadline, and every panel says unreachable", async () => {
    await docker("pause", "auren-prometheus");
    try {
      const board = await collectWith(
        `containers:\n  - name: auren-prometheus\nprometheus:\n  url: http://127.0.0.1:19090\n  container: auren-prometheus\ngrafana:\n  dashboardsDir: ${path.join(ROOT, "demo/grafana/dashboards")}\n`,
        DOCKER_AND_HANG_MS,
      );
      expect(board.containers[0]!.state).toBe("paused");
      expect(board.prometheus).toMatchObject({ reachable: false, ready: false });
      expect(board.prometheus!.error).toMatch(/did not answer within 5000 ms/);
      const queries = board.dashboards
        .flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.queries))
        .filter((query) => query.status !== "skipped");
      expect(queries.length).toBeGreaterThan(20);
      expect(queries.every((query) => query.status === "unreachable")).toBe(true);
    } finally {
      await docker("unpause", "auren-prometheus");
    }
  });

  it("a dashboard file that is not JSON is reported on its own; the others are read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-dashboards-"));
    fs.copyFileSync(path.join(ROOT, "demo/grafana/dashboards/auren-system-overview.json"), path.join(dir, "overview.json"));
    fs.writeFileSync(path.join(dir, "broken.json"), '{"title": "half a dashboard", "panels": [');
    const board = await collectWith(`prometheus:\n  url: http://127.0.0.1:19090\ngrafana:\n  dashboardsDir: ${dir}\n`, GENEROUS_MS);
    const broken = board.dashboards.find((dashboard) => dashboard.uid === "broken")!;
    expect(broken).toMatchObject({ status: "unknown", panels: [] });
    expect(broken.error).toMatch(/broken\.json: not valid JSON/);
    expect(board.dashboards.find((dashboard) => dashboard.uid === "auren-system-overview")!.status).toBe("ok");
  });

  it("a query Prometheus rejects is an error with Prometheus's errorType and message", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-dashboards-"));
    const dashboard = {
      uid: "rejected",
      title: "Rejected queries",
      schemaVersion: 39,
      panels: [
        {
          id: 1,
          type: "timeseries",
          title: "Bad syntax",
          datasource: { type: "prometheus", uid: "p" },
          targets: [{ refId: "A", expr: "sum(rate(up[5m])" }],
        },
        { id: 2, type: "timeseries", title: "Fine", datasource: { type: "prometheus", uid: "p" }, targets: [{ refId: "A", expr: "up" }] },
      ],
    };
    fs.writeFileSync(path.join(dir, "rejected.json"), JSON.stringify(dashboard));
    const board = await collectWith(`prometheus:\n  url: http://127.0.0.1:19090\ngrafana:\n  dashboardsDir: ${dir}\n`, GENEROUS_MS);
    const [bad, fine] = board.dashboards[0]!.panels;
    expect(bad!.status).toBe("error");
    expect(bad!.queries[0]!.error).toMatch(/^bad_data: .*parse error/);
    expect(fine!.status).toBe("ok");
    expect(board.dashboards[0]!.status).toBe("degraded");
  });
});
