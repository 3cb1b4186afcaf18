import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observationSchema } from "@/lib/contracts/board";
import { rollUpDashboards } from "@/lib/diagnosis/dashboard-status";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { demo, ROOT } from "../support/demo-stack";
import { type FakeGrafana, startFakeGrafana } from "../support/fake-grafana";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// Grafana cannot be installed here: its API is the fake (Grafana's documented shapes), Prometheus is the real one.
describe("dashboards read through Grafana's HTTP API, queries run on the real Prometheus", () => {
  let grafana: FakeGrafana;
  beforeAll(async () => {
    await demo("heal");
    grafana = await startFakeGrafana({ token: "glsa_board_test" });
  });
  afterAll(() => grafana.close());

  const collect = async (token = "glsa_board_test") => {
    const config = parseConfig(
      `timeouts:\n  upstreamMs: 30000\nprometheus:\n  url: http://127.0.0.1:19090\ngrafana:\n  url: ${grafana.url}\n  token: ${token}\n`,
      "test.yaml",
    );
    return rollUpDashboards(observationSchema.parse(await collectBoard(config, { configDir: ROOT })));
  };

  it("lists Grafana's dashboards with links, datasource health, and each panel's live status", async () => {
    const board = await collect();
    expect(board.grafana).toMatchObject({ reachable: true, error: null });
    expect(board.grafana!.version).toMatch(/^\d+\./);
    expect(board.grafana!.datasources.find((datasource) => datasource.type === "prometheus")).toMatchObject({
      uid: "auren-prometheus",
      healthy: true,
    });
    expect(board.dashboards.map((dashboard) => dashboard.source)).toEqual(board.dashboards.map(() => "grafana"));
    const overview = board.dashboards.find((dashboard) => dashboard.uid === "auren-system-overview")!;
    expect(overview.url).toMatch(new RegExp(`^${grafana.url}d/auren-system-overview`));
    expect(overview.status).toBe("ok");
    const cognitive = board.dashboards.find((dashboard) => dashboard.uid === "auren-cognitive-modes")!;
    expect(cognitive.status).toBe("degraded");
    expect(
      cognitive.panels.filter((panel) => panel.status === "missing-metric").flatMap((panel) => panel.queries[0]!.missingMetrics),
    ).toEqual(["auren_hypothesis_validations_total", "auren_hypothesis_validations_total"]);
    expect(grafana.requests.every((request) => request.path === "/api/health" || request.authorization === "Bearer glsa_board_test")).toBe(
      true,
    );
  });

  it("reports a rejected token on grafana, with no dashboards and no crash", async () => {
    const board = await collect("glsa_wrong");
    expect(board.grafana!.reachable).toBe(false);
    expect(board.grafana!.error).toMatch(/rejected the token \(HTTP 401\)/);
    expect(board.grafana!.error).not.toContain("glsa_wrong");
    expect(board.dashboards).toEqual([]);
  });
});
