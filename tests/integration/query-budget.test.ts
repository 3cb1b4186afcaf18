import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Observation, observationSchema, type PanelQueryView } from "@/lib/contracts/board";
import { collectBoard } from "@/server/collect/collect-board";
import { getQueryLedger } from "@/server/collect/query-ledger";
import { refreshDashboard } from "@/server/collect/refresh-dashboard";
import { parseConfig } from "@/server/config/load";
import { type LocalPrometheus, startLocalPrometheus } from "../support/local-prometheus";

// The query budget against a real Prometheus (no Docker: the Docker part points at a closed port). A real HTTP proxy
// in front of it counts the /api/v1/query requests that reach Prometheus and can hold chosen ones back.

let prometheus: LocalPrometheus;
const dirs: string[] = [];
const REFRESH_MS = 500;

beforeAll(async () => {
  prometheus = await startLocalPrometheus();
}, 40_000);
afterAll(async () => {
  await prometheus?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
// Each test starts past the last one's refresh interval: a fresh budget window and rotation.
beforeEach(() => new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 100)));

function dashboardsDir(dashboards: { uid: string; exprs: string[] }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-budget-"));
  dirs.push(dir);
  for (const { uid, exprs } of dashboards) {
    const panels = exprs.map((expr, index) => ({ id: index + 1, type: "timeseries", title: `p${index}`, targets: [{ refId: "A", expr }] }));
    fs.writeFileSync(path.join(dir, `${uid}.json`), JSON.stringify({ uid, title: uid, schemaVersion: 39, panels }));
  }
  return dir;
}

function configFor(dir: string, { perRefresh = 400, upstreamMs = 2_000, refreshMs = REFRESH_MS, maxAgeMs = 1_000 } = {}) {
  return parseConfig(
    [
      "docker:\n  host: tcp://127.0.0.1:9",
      `prometheus:\n  url: ${prometheus.url}`,
      `grafana:\n  dashboardsDir: ${dir}`,
      `timeouts:\n  upstreamMs: ${upstreamMs}\n  refreshMs: ${refreshMs}`,
      `queries:\n  perRefresh: ${perRefresh}\n  maxAgeMs: ${maxAgeMs}`,
      "",
    ].join("\n"),
    "budget.yaml",
  );
}

const queriesOf = (board: Observation): PanelQueryView[] =>
  board.dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.queries));
const collect = async (config: ReturnType<typeof configFor>) => observationSchema.parse(await collectBoard(config, { configDir: "/" }));
const panelQueries = () => prometheus.queries().filter((query) => !query.startsWith("group by"));

describe("the query budget, against a real Prometheus", () => {
  it("sends at most queries.perRefresh, judges missing metrics without running them, and rotates the rest", async () => {
    const present = Array.from({ length: 8 }, (_, index) => `prometheus_build_info * ${index + 1}`);
    const missing = Array.from({ length: 3 }, (_, index) => `rate(no_such_metric_${index}_total[5m])`);
    const config = configFor(dashboardsDir([{ uid: "budget", exprs: [...present, ...missing] }]), { perRefresh: 5 });
    prometheus.resetCount();
    const first = await collect(config);
    expect(prometheus.queries().length).toBeLessThanOrEqual(5);
    expect(panelQueries().some((query) => query.includes("no_such_metric"))).toBe(false);
    const views = queriesOf(first);
    const judged = views.filter((view) => view.status === "missing-metric");
    expect(judged.map((view) => view.checkedAt)).toEqual([null, null, null]);
    expect(judged[0]!.error).toMatch(/never seen no_such_metric_0_total/);
    const ran = views.filter((view) => view.status === "ok");
    expect(ran.length).toBe(panelQueries().length);
    for (const view of ran) expect(Date.parse(view.checkedAt!)).toBeGreaterThan(Date.now() - 10_000);
    const waiting = views.filter((view) => view.status === "skipped");
    expect(waiting.length).toBe(8 - ran.length);
    expect(waiting[0]!.error).toMatch(/not run yet: the query budget \(5 per 500 ms\) is spent/);
    expect(first.collection.queries).toMatchObject({ run: ran.length, judgedWithoutRunning: 3, perRefresh: 5 });
    // The metric -> jobs map for attribution came from one query: Prometheus's own metrics are in job "self".
    expect(first.prometheus!.metricJobs!.prometheus_build_info).toEqual(["self"]);

    // Later refreshes run the ones never run first, each within the budget, until every query has a result.
    let board = first;
    for (let round = 0; round < 3 && queriesOf(board).some((view) => view.status === "skipped"); round++) {
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 50));
      prometheus.resetCount();
      board = await collect(config);
      expect(prometheus.queries().length).toBeLessThanOrEqual(5);
    }
    expect(queriesOf(board).filter((view) => view.status === "ok").length).toBe(8);
  });

  it("a query Prometheus does not answer costs one deadline, and only that query is marked", async () => {
    const config = configFor(dashboardsDir([{ uid: "slow", exprs: ["prometheus_build_info * 424242", "prometheus_build_info"] }]), {
      upstreamMs: 800,
    });
    prometheus.holdQueriesContaining("424242");
    try {
      const started = performance.now();
      const board = await collect(config);
      expect(performance.now() - started).toBeLessThan(2_500);
      const [slow, fine] = queriesOf(board);
      expect(fine!.status).toBe("ok");
      expect(slow!.status === "error" || slow!.status === "skipped").toBe(true);
      expect(slow!.error).toMatch(/did not answer within 800 ms|has not answered it yet \(waited 800 ms\)/);
      expect(board.prometheus!.reachable).toBe(true);
    } finally {
      prometheus.holdQueriesContaining(null);
    }
  });

  it("a hung Prometheus costs one deadline and every query says unreachable", async () => {
    const config = configFor(dashboardsDir([{ uid: "hung", exprs: ["prometheus_build_info * 7", "up"] }]), { upstreamMs: 800 });
    prometheus.hangAll(true);
    try {
      const started = performance.now();
      const board = await collect(config);
      expect(performance.now() - started).toBeLessThan(2_500);
      expect(board.prometheus!.reachable).toBe(false);
      expect(queriesOf(board).map((view) => view.status)).toEqual(["unreachable", "unreachable"]);
      expect(queriesOf(board)[0]!.error).toMatch(/did not answer within 800 ms/);
    } finally {
      prometheus.hangAll(false);
    }
  });

  it("refreshDashboard runs an opened dashboard's stale queries once, however many viewers ask", async () => {
    const exprs = ["prometheus_build_info * 11", "prometheus_build_info * 12", "rate(absent_metric_total[1m])"];
    const config = configFor(
      dashboardsDir([
        { uid: "opened", exprs },
        { uid: "other", exprs: ["prometheus_build_info * 13"] },
      ]),
    );
    await collect(config);
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 50)); // now older than one refresh: stale
    prometheus.resetCount();
    await Promise.all(Array.from({ length: 5 }, () => refreshDashboard("opened")));
    expect([...panelQueries()].sort()).toEqual(["prometheus_build_info * 11", "prometheus_build_info * 12"]);
    await refreshDashboard("opened"); // up to date now: nothing to run
    expect(panelQueries().length).toBe(2);
  });

  it("a rotation round runs its share only; a fresh collection (verify) runs every query now", async () => {
    const exprs = Array.from({ length: 20 }, (_, index) => `prometheus_build_info * ${100 + index}`);
    const config = configFor(dashboardsDir([{ uid: "rotation", exprs }]));
    await collect(config); // the first round of these runs them all
    await new Promise((resolve) => setTimeout(resolve, 100));
    prometheus.resetCount();
    await collect(config); // 100 ms after the last round, of maxAgeMs 1000: about a tenth of them
    expect(panelQueries().length).toBeGreaterThan(0);
    expect(panelQueries().length).toBeLessThan(20);
    prometheus.resetCount();
    const fresh = observationSchema.parse(await collectBoard(config, { configDir: "/", freshQueries: true }));
    expect(panelQueries().length).toBe(20);
    const checked = queriesOf(fresh).map((view) => Date.parse(view.checkedAt!));
    expect(Math.min(...checked)).toBeGreaterThan(Date.now() - 2_000);
  });

  it("what did not change is the same object at the next collection; a query run again, or an edited file, is new", async () => {
    const exprs = Array.from({ length: 20 }, (_, index) => `prometheus_build_info * ${200 + index}`);
    const dir = dashboardsDir([
      { uid: "rotating", exprs },
      { uid: "judged", exprs: ["rate(never_exported_total[5m])"] },
    ]);
    // maxAgeMs 60 s: a collection a moment after the first runs the rotation's share of one query (the oldest) again,
    // however slow the machine; the first runs all 20 (never run yet).
    const config = configFor(dir, { refreshMs: 60_000, maxAgeMs: 60_000 });
    const options = { configDir: "/" };
    const first = await collectBoard(config, options);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await collectBoard(config, options);
    const byUid = (board: Observation, uid: string) => board.dashboards.find((dashboard) => dashboard.uid === uid)!;
    // A dashboard whose only query is judged without running: nothing changed, the same object.
    expect(byUid(second, "judged")).toBe(byUid(first, "judged"));
    // A target is the same object exactly when Prometheus said the same about it (a scrape in between changes it).
    for (const target of second.prometheus!.targets) {
      const earlier = first.prometheus!.targets.find((candidate) => candidate.scrapeUrl === target.scrapeUrl)!;
      if (JSON.stringify(earlier) === JSON.stringify(target)) expect(target).toBe(earlier);
      else expect(target).not.toBe(earlier);
    }
    const before = byUid(first, "rotating").panels;
    const after = byUid(second, "rotating").panels;
    const ranAgain = after.filter((panel, index) => panel !== before[index]);
    expect(ranAgain.length).toBeGreaterThan(0);
    expect(ranAgain.length).toBeLessThan(20);
    for (const panel of ranAgain) {
      const earlier = before.find((candidate) => candidate.id === panel.id)!;
      expect(Date.parse(panel.queries[0]!.checkedAt!)).toBeGreaterThan(Date.parse(earlier.queries[0]!.checkedAt!));
    }
    // The unchanged panels keep their checkedAt, and the dashboard that holds changed ones is a new object.
    for (const [index, panel] of after.entries())
      if (panel === before[index]) expect(panel.queries[0]!.checkedAt).toBe(before[index]!.queries[0]!.checkedAt);
    expect(byUid(second, "rotating")).not.toBe(byUid(first, "rotating"));

    // The file edited (another title): a new walk, new objects, the new title.
    const file = path.join(dir, "judged.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"title":"judged"', '"title":"Judged, renamed"'));
    const edited = await collectBoard(config, options);
    expect(byUid(edited, "judged").title).toBe("Judged, renamed");
    expect(byUid(edited, "judged").panels[0]).not.toBe(byUid(first, "judged").panels[0]);
  });

  it("a dashboard of 1,000 panels: the board answers within the deadline, the rest wait their turn, memory follows", async () => {
    const exprs = Array.from({ length: 1_000 }, (_, index) =>
      index % 2 ? `prometheus_build_info * ${index}` : `rate(never_exported_${index}_total[5m])`,
    );
    // One refresh window longer than any collection here, so the count is one window's whatever the machine's load.
    const config = configFor(dashboardsDir([{ uid: "huge", exprs }]), { upstreamMs: 2_000, refreshMs: 60_000 });
    prometheus.resetCount();
    const started = performance.now();
    const board = await collect(config);
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(prometheus.queries().length).toBeLessThanOrEqual(400);
    const statuses = queriesOf(board).map((view) => view.status);
    expect(statuses.filter((status) => status === "missing-metric").length).toBe(500);
    expect(statuses.filter((status) => status === "ok").length + statuses.filter((status) => status === "skipped").length).toBe(500);
    expect(getQueryLedger().size).toBeLessThanOrEqual(500);
  });
});
