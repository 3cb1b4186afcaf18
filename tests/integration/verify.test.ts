import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { errorBodySchema, type VerifyRun, verifyRunSchema } from "@/lib/contracts/operations";
import { parseConfig } from "@/server/config/load";
import { type RunningBoard, startBoard } from "../support/board-server";
import { DEMO_CONFIG, demo, docker, ROOT } from "../support/demo-stack";
import { type FakeGrafana, startFakeGrafana } from "../support/fake-grafana";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// The verify run as users start it: POST /api/verify on the built board, then GET /api/verify/{id} until it is done,
// against the real demo stack, through the incident of the report and its fix.

const DASHBOARDS = [
  "auren-memory-tier-viz",
  "auren-system-health",
  "auren-system-overview",
  "auren-cognitive-modes",
  "auren-memory-ops-rt",
  "auren-webhooks",
];
const STEPS = [
  "container:auren-prometheus",
  "container:auren-api",
  "endpoint:biometric-api",
  "prometheus-ready",
  "targets",
  "datasource",
  ...DASHBOARDS.map((uid) => `dashboard:${uid}`),
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const statuses = (run: VerifyRun) => Object.fromEntries(run.steps.map((step) => [step.id, step.status]));
const detailOf = (run: VerifyRun, id: string) => run.steps.find((step) => step.id === id)!.detail;

describe("POST /api/verify on the demo stack", () => {
  let board: RunningBoard;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-verify-"));

  beforeAll(async () => {
    await demo("heal");
    board = await startBoard(DEMO_CONFIG, { CASCADE_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await board?.stop();
    await demo("heal");
  });

  async function startRun(): Promise<{ run: VerifyRun; location: string }> {
    const response = await fetch(`${board.url}/api/verify`, { method: "POST" });
    expect(response.status).toBe(202);
    const location = response.headers.get("location")!;
    const run = verifyRunSchema.parse(await response.json());
    expect(location).toBe(`/api/verify/${run.id}`);
    return { run, location };
  }

  /** Polls the run until it is no longer running (the project's test timeout bounds it). */
  async function finished(location: string): Promise<VerifyRun> {
    for (;;) {
      const response = await fetch(`${board.url}${location}`);
      expect(response.status).toBe(200);
      const run = verifyRunSchema.parse(await response.json());
      if (run.status !== "running") return run;
      await sleep(200);
    }
  }

  it("passes every step on the healthy stack; the two families not exported yet are named, not failed", async () => {
    const { run, location } = await startRun();
    expect(run.status).toBe("running");
    expect(run.actor).toBe("anonymous");
    expect(run.steps.every((step) => step.status === "pending")).toBe(true);
    const done = await finished(location);
    expect(statuses(done)).toEqual(Object.fromEntries(STEPS.map((id) => [id, "passed"])));
    expect(done.steps.map((step) => step.id)).toEqual(STEPS);
    expect(done.status).toBe("passed");
    expect(detailOf(done, "dashboard:auren-memory-tier-viz")).toMatch(
      /1 panel reads metrics not exported yet: .*auren_memory_tier_latency_seconds_bucket/,
    );
    expect(detailOf(done, "dashboard:auren-cognitive-modes")).toMatch(
      /2 panels read metrics not exported yet: .*auren_hypothesis_validations_total/,
    );
    expect(detailOf(done, "endpoint:biometric-api")).toMatch(/^HTTP 200, \d+ families; all 3 expected families present$/);
    expect(detailOf(done, "targets")).toMatch(/^2 of 2 targets up/);
    for (const step of done.steps) expect(Date.parse(step.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(step.startedAt!));
  });

  let incidentRun: VerifyRun;

  it("after demo:incident and `docker start auren-prometheus`, fails only the endpoint and skips what needs it", async () => {
    await demo("incident");
    await docker("start", "auren-prometheus");
    const { run, location } = await startRun();
    // One run at a time: a second POST while it runs answers that run, 200, instead of starting another.
    const again = await fetch(`${board.url}/api/verify`, { method: "POST" });
    expect(again.status).toBe(200);
    expect(verifyRunSchema.parse(await again.json()).id).toBe(run.id);
    expect(again.headers.get("location")).toBe(location);

    incidentRun = await finished(location);
    expect(statuses(incidentRun)).toEqual({
      "container:auren-prometheus": "passed",
      "container:auren-api": "passed",
      "endpoint:biometric-api": "failed",
      "prometheus-ready": "passed",
      targets: "skipped",
      datasource: "passed",
      ...Object.fromEntries(DASHBOARDS.map((uid) => [`dashboard:${uid}`, "skipped"])),
    });
    expect(incidentRun.status).toBe("failed");
    expect(detailOf(incidentRun, "endpoint:biometric-api")).toMatch(/^HTTP 500: 500 NameError: name 'Response' is not defined/);
    expect(detailOf(incidentRun, "prometheus-ready")).toMatch(
      /started recently, so waited one scrape interval plus 1 s \(3 s; bound 61 s\) before judging targets/,
    );
    expect(detailOf(incidentRun, "targets")).toMatch(
      /^depends on endpoint biometric-api, which failed \(biometric-api \(http:\/\/127\.0\.0\.1:18888\/metrics\) .*\); 1 of 2 targets up/,
    );
    for (const uid of DASHBOARDS)
      expect(detailOf(incidentRun, `dashboard:${uid}`)).toMatch(
        /^depends on endpoint biometric-api, which failed: \d+ panels? of \d+ reads? its metrics/,
      );

    const latest = await fetch(`${board.url}/api/verify`);
    expect(verifyRunSchema.parse(await latest.json()).id).toBe(run.id);
  });

  it("passes everything again once the endpoint is healed, and keeps the earlier run", async () => {
    await demo("heal");
    const { location } = await startRun();
    const done = await finished(location);
    expect(statuses(done)).toEqual(Object.fromEntries(STEPS.map((id) => [id, "passed"])));
    expect(done.status).toBe("passed");

    const kept = verifyRunSchema.parse(await (await fetch(`${board.url}/api/verify/${incidentRun.id}`)).json());
    expect(kept).toEqual(incidentRun);
    expect(fs.existsSync(path.join(dataDir, "cascade.db"))).toBe(true);
  });

  it("streams the run over SSE, one event per change, and ends the stream with the finished run", async () => {
    const { run } = await startRun();
    const response = await fetch(`${board.url}/api/verify/${run.id}/events`);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break; // the server closes the stream once the run is over
      text += new TextDecoder().decode(value);
    }
    const events = [...text.matchAll(/event: run\ndata: (.*)\n\n/g)].map((match) => verifyRunSchema.parse(JSON.parse(match[1]!)));
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)!.status).toBe("passed");
    expect(events.slice(0, -1).every((event) => event.status === "running")).toBe(true);
    const finishedSteps = events.map((event) => event.steps.filter((step) => step.status === "passed").length);
    expect([...finishedSteps].sort((a, b) => a - b)).toEqual(finishedSteps);
    expect((await fetch(`${board.url}/api/verify/not-a-run-id/events`)).status).toBe(404);
  });

  it.each([
    ["an unknown run id", "/api/verify/00000000-0000-4000-8000-000000000000", "GET", 404, "not_found"],
    ["a malformed run id", "/api/verify/not-a-run-id", "GET", 404, "not_found"],
    ["PUT on the runs", "/api/verify", "PUT", 405, "method_not_allowed"],
    ["DELETE on a run", "/api/verify/00000000-0000-4000-8000-000000000000", "DELETE", 405, "method_not_allowed"],
  ])("answers %s with %s", async (_case, route, method, status, code) => {
    const response = await fetch(`${board.url}${route}`, { method });
    expect(response.status).toBe(status);
    expect(errorBodySchema.parse(await response.json()).error.code).toBe(code);
  });
});

describe("the verify runner called in-process, with Grafana's data source check (fake Grafana, real Prometheus)", () => {
  let grafana: FakeGrafana;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-verify-direct-"));
  let runVerify: (config: ReturnType<typeof parseConfig>) => Promise<VerifyRun>;

  beforeAll(async () => {
    // getStore() reads the settings once per process: point them at the demo config and a fresh data directory.
    vi.stubEnv("CASCADE_CONFIG", DEMO_CONFIG);
    vi.stubEnv("CASCADE_DATA_DIR", dataDir);
    const { startVerifyRun } = await import("@/server/verify/run-verify");
    runVerify = (config) => startVerifyRun("test", { config, configDir: ROOT }).done;
    grafana = await startFakeGrafana({ token: "glsa_verify_test" });
    await demo("heal");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await grafana?.close();
  });

  const config = () =>
    parseConfig(`prometheus:\n  url: http://127.0.0.1:19090\ngrafana:\n  url: ${grafana.url}\n  token: glsa_verify_test\n`, "verify.yaml");

  it("passes the data source on Grafana's own health check and lists Grafana's dashboards as steps", async () => {
    const run = await runVerify(config());
    expect(run.steps.map((step) => step.id)).toEqual([
      "prometheus-ready",
      "targets",
      "datasource",
      "dashboard:auren-system-overview",
      "dashboard:auren-cognitive-modes",
      "dashboard:auren-webhooks",
    ]);
    // Only Prometheus data sources count: the fixture's Loki, whose check fails, is not named.
    expect(run.steps.find((step) => step.id === "datasource")).toMatchObject({
      status: "passed",
      title: "Grafana's Prometheus data source answers",
      detail: "Prometheus: Successfully queried the Prometheus API.",
    });
    expect(grafana.requests.some((request) => request.path === "/api/datasources/uid/auren-prometheus/health")).toBe(true);
  });

  it("fails the data source when the token may not read data sources, and skips every dashboard because of it", async () => {
    grafana.set({ forbidden: ["/api/datasources"] });
    const run = await runVerify(config());
    grafana.reset();
    const datasource = run.steps.find((step) => step.id === "datasource")!;
    expect(datasource.status).toBe("failed");
    expect(datasource.detail).toMatch(/^Grafana's data sources cannot be listed: Grafana rejected the token \(HTTP 403\)/);
    const dashboards = run.steps.filter((step) => step.id.startsWith("dashboard:"));
    expect(dashboards.map((step) => [step.status, step.detail])).toEqual(
      dashboards.map(() => ["skipped", "depends on the data source, which failed"]),
    );
    expect(run.status).toBe("failed");
  });
});
