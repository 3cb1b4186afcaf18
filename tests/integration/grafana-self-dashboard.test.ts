import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { walkDashboard } from "@/lib/dashboards/walk-dashboard";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { type RunningBoard, startBoard } from "../support/board-server";
import { DEMO_CONFIG, ROOT } from "../support/demo-stack";
import { freePort } from "../support/free-port";
import { waitFor } from "../support/image-run";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// docs/grafana/cascade.json, Cascade's dashboard of its own /metrics: Cascade's own walker reads it, and every panel
// query returns data from a real Prometheus (Debian's binary) scraping a running board, before any error or action.

const DASHBOARD = path.join(ROOT, "docs/grafana/cascade.json");

describe("docs/grafana/cascade.json", () => {
  let board: RunningBoard;
  let prometheus: ChildProcess;
  let prometheusUrl: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-self-prom-"));

  beforeAll(async () => {
    board = await startBoard(DEMO_CONFIG, { CASCADE_DATA_DIR: path.join(dir, "data") });
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    fs.writeFileSync(
      path.join(dir, "prometheus.yml"),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: cascade\n    static_configs:\n      - targets: ["${new URL(board.url).host}"]\n`,
    );
    prometheus = spawn(
      "/usr/bin/prometheus",
      [`--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/tsdb`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: "ignore" },
    );
    // Some board requests (a fresh collection, then cache hits), then enough scrapes for rate() over them.
    for (let request = 0; request < 3; request++) await fetch(`${board.url}/api/board`);
    await waitFor(60_000, async () => {
      const answer = await (await fetch(`${prometheusUrl}/api/v1/query?query=count_over_time(up{job="cascade"}[1m])`)).json();
      return Number(answer.data?.result?.[0]?.value?.[1] ?? 0) >= 5 ? true : null;
    });
  }, 120_000);

  afterAll(async () => {
    prometheus?.kill("SIGTERM");
    await board?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loads in Cascade's dashboard walker without error", () => {
    const walked = walkDashboard(JSON.parse(fs.readFileSync(DASHBOARD, "utf8")));
    expect(walked.title).toBe("Cascade");
    expect(walked.panels.length).toBeGreaterThanOrEqual(6);
    expect(walked.panels.filter((panel) => panel.skipReason !== null || panel.queries.length === 0)).toEqual([]);
    const queries = walked.panels.flatMap((panel) => panel.queries);
    expect(queries.filter((query) => query.skipReason !== null)).toEqual([]);
  });

  it("answers every panel query with data from Prometheus scraping the board", async () => {
    const config = parseConfig(
      `prometheus:\n  url: ${prometheusUrl}\ngrafana:\n  dashboardsDir: ${path.dirname(DASHBOARD)}\n`,
      "self.yaml",
    );
    const observation = await collectBoard(config, { configDir: ROOT });
    const dashboard = observation.dashboards.find((candidate) => candidate.title === "Cascade")!;
    const queries = dashboard.panels.flatMap((panel) => panel.queries.map((query) => [panel.title, query.expr, query.status, query.error]));
    expect(queries.length).toBeGreaterThanOrEqual(8);
    expect(queries.filter(([, , status]) => status !== "ok")).toEqual([]);
  });
});
