import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { boardSchema, type Observation, observationSchema, type PrometheusTarget } from "@/lib/contracts/board";
import { actionSchema } from "@/lib/contracts/diagnosis";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { judgeService, serviceConverged } from "@/lib/health/service";
import { serviceVerdict } from "@/lib/health/verify-services";
import { renderBoard } from "@/lib/messages";

// Swarm causes on the observation recorded from a real Swarm (tests/fixtures/observations/swarm-services-failing.json):
// cascade-web (2 wanted, 1 runs: the second cannot bind 127.0.0.1:PORT, its cascade.serves label) and cascade-crash
// (exits 3). What a service serves is explained by the service, as a container explains what it serves.

const load = (name: string): Observation =>
  observationSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../fixtures/observations/${name}.json`), "utf8")));
const recorded = load("swarm-services-failing");
const now = new Date(recorded.generatedAt);
const web = recorded.services!.find((service) => service.name === "cascade-web")!;
const served = web.serves[0]!;

const target = (scrapeUrl: string): PrometheusTarget => ({
  job: "web",
  instance: scrapeUrl.replace(/^http:\/\/|\/metrics$/g, ""),
  scrapeUrl,
  health: "down",
  lastError: "connection refused",
  lastScrape: recorded.generatedAt,
  lastScrapeDuration: 0.001,
});

function withPrometheus(targets: PrometheusTarget[], endpoints: Observation["metricsEndpoints"] = []): Observation {
  return {
    ...recorded,
    metricsEndpoints: endpoints,
    prometheus: {
      url: "http://127.0.0.1:19090",
      container: null,
      reachable: true,
      ready: true,
      version: "2.42.0",
      reloadConfigSuccess: true,
      lastConfigTime: null,
      startTime: null,
      targets,
      error: null,
    },
  };
}

describe("Swarm services in the diagnosis", () => {
  it("explains a scrape target at the host:port a service's cascade.serves label names", () => {
    const board = diagnoseBoard(withPrometheus([target(`http://${served}/metrics`), target("http://127.0.0.1:1/metrics")]), now);
    const causes = board.summary.causes;
    const explained = causes.find((cause) => cause.subject === `http://${served}/metrics`)!;
    expect(explained).toMatchObject({ root: false, explainedBy: { kind: "service-degraded", subject: "cascade-web" } });
    // A target no service serves stays its own root cause.
    expect(causes.find((cause) => cause.subject === "http://127.0.0.1:1/metrics")).toMatchObject({ root: true });
  });

  it("explains a metrics endpoint that names the service as its container", () => {
    const endpoint = {
      name: "web",
      url: "http://127.0.0.1:2/metrics",
      container: "cascade-crash",
      httpStatus: null,
      contentType: null,
      bytes: null,
      latencyMs: null,
      families: [],
      samples: 0,
      expected: [],
      missing: [],
      parseProblems: [],
      error: "connect ECONNREFUSED 127.0.0.1:2",
    };
    const board = diagnoseBoard(withPrometheus([], [endpoint]), now);
    const cause = board.summary.causes.find((candidate) => candidate.kind === "metrics-endpoint-unreachable")!;
    expect(cause).toMatchObject({ root: false, explainedBy: { kind: "service-task-failing", subject: "cascade-crash" } });
  });

  it("says it in English and German", () => {
    for (const locale of ["en", "de"] as const) {
      const board = renderBoard(diagnoseBoard(recorded, now), locale);
      const degraded = board.summary.causes.find((cause) => cause.kind === "service-degraded")!;
      expect(degraded.title).toMatch(locale === "en" ? /1 of 2 tasks running/ : /1 von 2 Tasks laufen/);
      expect(board.summary.impact.join(" ")).toMatch(locale === "en" ? /runs below its capacity/ : /unter seiner Kapazität/);
    }
  });

  it("judges a service ok once its desired tasks run, whatever failed before", () => {
    const scaled = { ...web, desired: 1 };
    expect(judgeService(web, now)).toBe("service-degraded");
    expect(judgeService(scaled, now)).toBeNull();
    expect(serviceConverged(scaled)).toBe(true);
    const running = web.tasks.filter((task) => task.state === "running").map((task) => task.id);
    expect(serviceConverged(scaled, new Set(running))).toBe(false);
    expect(serviceConverged({ ...scaled, updateStatus: { state: "updating", message: null, startedAt: null, completedAt: null } })).toBe(
      false,
    );
  });

  it("names a paused update in verify's detail, whether the service runs below its capacity or not", () => {
    const paused = { state: "paused", message: "update paused due to failure", startedAt: null, completedAt: null };
    const failing = serviceVerdict({ ...web, updateStatus: paused }, now);
    expect(failing.status).toBe("failed");
    expect(failing.detail).toMatch(/^1 of 2 tasks running, update paused; Docker: /);
    const scaled = serviceVerdict({ ...web, desired: 1, updateStatus: paused }, now);
    expect(scaled).toEqual({ status: "passed", detail: "1 of 1 tasks running, update paused" });
    expect(serviceVerdict({ ...web, desired: 1, updateStatus: null }, now)).toEqual({ status: "passed", detail: "1 of 1 tasks running" });
  });

  it("offers a restart button on the cause of a service that exists, and only words for one the manager does not have", () => {
    const board = renderBoard(diagnoseBoard(recorded, now));
    const degraded = board.summary.causes.find((cause) => cause.kind === "service-degraded" && cause.subject === "cascade-web")!;
    expect(degraded.actions[0]).toEqual({
      kind: "restart-service",
      label: "Restart the service cascade-web (a forced rolling update)",
      container: null,
      policy: null,
      service: "cascade-web",
    });
    // Scaling down to what can run stays advice: a choice the board does not make for a person.
    expect(degraded.actions.slice(1).map((action) => action.kind)).toEqual(["advice"]);
    const failing = board.summary.causes.find((cause) => cause.kind === "service-task-failing" && cause.subject === "cascade-crash")!;
    expect(failing.actions[0]).toMatchObject({ kind: "restart-service", service: "cascade-crash" });
    expect(boardSchema.parse(board).summary.causes).toEqual(board.summary.causes);
    const missing = { ...recorded, services: [{ ...web, state: "missing" as const, running: 0, tasks: [], reason: "no such service" }] };
    const gone = renderBoard(diagnoseBoard(missing, now)).summary.causes.find((cause) => cause.subject === "cascade-web")!;
    expect(gone.actions.map((action) => action.kind)).toEqual(["advice"]);
    expect(gone.actions[0]).not.toHaveProperty("service");
  });

  it("keeps container actions and boards stored before service actions as they were", () => {
    const stored = { kind: "restart", label: "Restart auren-api", container: "auren-api", policy: null };
    expect(actionSchema.parse(stored)).toEqual(stored);
    expect(actionSchema.safeParse({ ...stored, kind: "scale-service" }).success).toBe(false);
    const incident = load("incident");
    const actions = renderBoard(diagnoseBoard(incident, new Date(incident.generatedAt))).summary.causes.flatMap((cause) => cause.actions);
    const buttons = actions.filter((action) => action.kind !== "advice");
    expect(buttons.map((action) => action.kind)).toContain("start");
    for (const action of actions) expect(action).not.toHaveProperty("service");
  });
});
