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

const DEADLINE_MS = 500;

async function collectWith(yaml: string, configDir = ROOT) {
  const config = parseConfig(`timeouts:\n  upstreamMs: ${DEADLINE_MS}\n${yaml}`, "test.yaml");
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

  it.each<[Behaviour, RegExp, number | null]>([
    ["html", /answered HTML/, 200],
    ["huge", /sent more than 10485760 bytes/, 200],
    ["stall-body", /did not answer within 500 ms/, null],
    ["http-500", /HTTP 500: internal server error/, 500],
  ])("a metrics endpoint that sends %s", async (behaviour, error, httpStatus) => {
    bad.set(behaviour);
    const board = await collectWith(`metricsEndpoints:\n  - name: broken\n    url: ${bad.url}/metrics\n    expect: [up]\n`);
    const endpoint = board.metricsEndpoints[0]!;
    expect(endpoint.error).toMatch(error);
    expect(endpoint.httpStatus).toBe(httpStatus);
    expect(endpoint.missing).toEqual(["up"]);
  });

  it.each<[Behaviour, RegExp, boolean]>([
    ["http-500", /not ready: HTTP 500/, false],
    // /-/ready answers 200 with any body, so this one looks ready: every API call then fails to parse.
    ["garbage", /did not answer JSON/, true],
    ["hang", /did not answer within 500 ms/, false],
  ])("a Prometheus that answers %s", async (behaviour, error, ready) => {
    bad.set(behaviour);
    const board = await collectWith(
      `prometheus:\n  url: ${bad.url}\ngrafana:\n  dashboardsDir: ${path.join(ROOT, "demo/grafana/dashboards")}\n`,
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
      );
      expect(board.containers[0]!.state).toBe("paused");
      expect(board.prometheus).toMatchObject({ reachable: false, ready: false });
      expect(board.prometheus!.error).toMatch(/did not answer within 500 ms/);
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
    const board = await collectWith(`prometheus:\n  url: http://127.0.0.1:19090\ngrafana:\n  dashboardsDir: ${dir}\n`);
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
    const board = await collectWith(`prometheus:\n  url: http://127.0.0.1:19090\ngrafana:\n  dashboardsDir: ${dir}\n`);
    const [bad, fine] = board.dashboards[0]!.panels;
    expect(bad!.status).toBe("error");
    expect(bad!.queries[0]!.error).toMatch(/^bad_data: .*parse error/);
    expect(fine!.status).toBe("ok");
    expect(board.dashboards[0]!.status).toBe("degraded");
  });
});
