import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { type Board, boardSchema, observationSchema } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { type RunningBoard, startBoard } from "../support/board-server";
import { freePort } from "../support/free-port";
import { type LocalPrometheus, startLocalPrometheus } from "../support/local-prometheus";
import { RULES } from "../support/rule-scenarios";
import { waitFor } from "../support/watch-config";

// Prometheus's own rules and alerts, end to end without Docker: Debian's node exporter and Prometheus with a rule file
// whose recording rule node:load:plus1 fails at every evaluation ("many-to-one matching must be explicit"), the built
// board reading a dashboard file with a panel on that rule's output. An old Prometheus (404 on /api/v1/rules and
// /api/v1/alerts) is a real proxy in front of the same Prometheus.

const RULE = { kind: "rule-evaluation-failing", subject: "" };
let prometheus: LocalPrometheus;
let nodeExporter: ChildProcess;
let board: RunningBoard;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-rules-"));

function writeConfig(prometheusUrl: string): string {
  const dashboards = path.join(dir, "dashboards");
  fs.mkdirSync(dashboards, { recursive: true });
  const panels = [
    { title: "Load plus one (recorded)", expr: "node:load:plus1" },
    { title: "Targets up per job (recorded)", expr: "job:up:sum" },
  ].map((panel, index) => ({ id: index + 1, type: "timeseries", title: panel.title, targets: [{ refId: "A", expr: panel.expr }] }));
  fs.writeFileSync(
    path.join(dashboards, "node-load.json"),
    JSON.stringify({ uid: "node-load", title: "Node load", schemaVersion: 39, panels }),
  );
  const file = path.join(dir, "cascade.yaml");
  fs.writeFileSync(
    file,
    [
      "docker:\n  host: tcp://127.0.0.1:9",
      `prometheus:\n  url: ${prometheusUrl}`,
      `grafana:\n  dashboardsDir: ${dashboards}`,
      "timeouts:\n  upstreamMs: 5000\n  refreshMs: 1000",
      "",
    ].join("\n"),
  );
  return file;
}

beforeAll(async () => {
  const port = await freePort();
  nodeExporter = spawn("/usr/bin/prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${port}`], { stdio: "ignore" });
  prometheus = await startLocalPrometheus({ rules: YAML.stringify(RULES), jobs: { node: [`127.0.0.1:${port}`] } });
  board = await startBoard(writeConfig(prometheus.url), { CASCADE_DATA_DIR: path.join(dir, "data") });
}, 180_000);

afterAll(async () => {
  await board?.stop();
  await prometheus?.stop();
  nodeExporter?.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});

const getBoard = async (lang = "en"): Promise<Board> =>
  boardSchema.parse(await (await fetch(`${board.url}/api/board?lang=${lang}`)).json());

describe("a rule group with an evaluation error, on /api/board", () => {
  it("is a rule-evaluation-failing root cause, and the panel reading its output is explained by it", async () => {
    const seen = await waitFor("the failing rule group and node:load:plus1's panel on the board", 60_000, async () => {
      const current = await getBoard();
      const rule = current.summary.causes.find((cause) => cause.kind === "rule-evaluation-failing");
      const group = current.prometheus?.rules?.groups.find((candidate) => candidate.name === "node-recording");
      return rule && group?.health === "err" ? current : undefined;
    });
    const rule = seen.summary.causes.find((cause) => cause.kind === "rule-evaluation-failing")!;
    RULE.subject = rule.subject;
    expect(rule).toMatchObject({ root: true, explainedBy: null, params: { group: "node-recording", rules: ["node:load:plus1"] } });
    expect(rule.subject).toMatch(/rules\.yml#node-recording$/);
    expect(rule.params.lastError).toMatch(/many-to-one matching must be explicit/);
    expect(rule.title).toMatch(/^Prometheus fails to evaluate 1 rule of the group node-recording/);

    const family = seen.summary.causes.find((cause) => cause.subject === "node:load:plus1")!;
    expect(family).toMatchObject({ kind: "metric-family-missing", root: false, explainedBy: RULE });
    const dashboard = seen.dashboards.find((candidate) => candidate.uid === "node-load")!;
    expect(dashboard.status).toBe("degraded");
    expect(dashboard.causes).toEqual([RULE]);
    expect(seen.summary.headline).toMatch(/the rule group node-recording fails/);

    // The working rule's output is read; the other groups are ok.
    const groups = Object.fromEntries(seen.prometheus!.rules!.groups.map((group) => [group.name, group.health]));
    expect(groups).toEqual({ "node-recording": "err", "job-recording": "ok", "stack-alerts": "ok" });
    expect(seen.prometheus!.rules!.groupsError).toBeNull();
  });

  it("lists the firing and pending alerts, and words the cause in German from the same facts", async () => {
    const seen = await waitFor("Watchdog firing and SlowBurn pending", 30_000, async () => {
      const current = await getBoard("de");
      const states = (current.prometheus?.rules?.alerts ?? []).map((alert) => `${alert.name}:${alert.state}`).sort();
      return states.includes("Watchdog:firing") && states.includes("SlowBurn:pending") ? current : undefined;
    });
    const watchdog = seen.prometheus!.rules!.alerts.find((alert) => alert.name === "Watchdog")!;
    expect(watchdog).toMatchObject({ labels: { alertname: "Watchdog", severity: "none" }, value: "1e+00", summary: "Always firing" });
    expect(Date.parse(watchdog.activeAt!)).toBeLessThanOrEqual(Date.now());
    const rule = seen.summary.causes.find((cause) => cause.kind === "rule-evaluation-failing")!;
    expect(rule.title).toMatch(/^Prometheus kann 1 Regel der Gruppe node-recording .* nicht auswerten\.$/);
  });
});

describe("the query budget", () => {
  it("does not hold back rules and alerts: they are two API calls, not PromQL queries", async () => {
    const text = fs.readFileSync(writeConfig(prometheus.url), "utf8").replace("refreshMs: 1000", "refreshMs: 60000");
    const config = parseConfig(`${text}queries:\n  perRefresh: 1\n`, "budget.yaml");
    // The board started above watches the same Prometheus through the same counting proxy: its own collections
    // would be counted here, so it is stopped first (the tests after this one do not use it).
    await board.stop();
    prometheus.resetCount();
    const observation = observationSchema.parse(await collectBoard(config, { configDir: dir }));
    expect(prometheus.queries().length).toBeLessThanOrEqual(1);
    expect(observation.prometheus!.rules!.groups.map((group) => group.name).sort()).toEqual([
      "job-recording",
      "node-recording",
      "stack-alerts",
    ]);
    expect(observation.prometheus!.rules!.alerts.length).toBeGreaterThan(0);
  });
});

describe("an old Prometheus without the rules and alerts API", () => {
  it("answers 404 on both: rules not available, no rule cause, no crash", async () => {
    const proxy = http.createServer((request, response) => {
      if (/^\/api\/v1\/(rules|alerts)/.test(request.url ?? "")) {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("404 page not found\n");
        return;
      }
      const target = new URL(prometheus.url);
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on("error", () => response.destroy());
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      const config = parseConfig(fs.readFileSync(writeConfig(url), "utf8"), "old.yaml");
      const observation = observationSchema.parse(await collectBoard(config, { configDir: dir }));
      expect(observation.prometheus).toMatchObject({ reachable: true, ready: true, error: null });
      expect(observation.prometheus!.rules).toMatchObject({ groups: [], alerts: [] });
      expect(observation.prometheus!.rules!.groupsError).toMatch(/^rules not available: .*answered HTTP 404/);
      expect(observation.prometheus!.rules!.alertsError).toMatch(/^alerts not available: .*answered HTTP 404/);
      const causes = diagnoseBoard(observation, new Date()).summary.causes;
      expect(causes.some((cause) => cause.kind === "rule-evaluation-failing")).toBe(false);
      expect(causes.find((cause) => cause.subject === "node:load:plus1")).toMatchObject({ kind: "metric-family-missing", root: true });
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
