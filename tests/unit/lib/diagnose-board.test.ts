import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { boardSchema, type Observation, observationSchema } from "@/lib/contracts/board";
import type { Cause, CauseKind } from "@/lib/contracts/diagnosis";
import { diagnoseBoard as diagnose } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";

const diagnoseBoard = (observation: Observation, now: Date) => renderBoard(diagnose(observation, now));

// Every cause kind, diagnosed from an observation recorded off real Docker and Prometheus
// (tests/fixtures/observations/README.md says how each was made).
const FIXTURES = path.resolve(__dirname, "../../fixtures/observations");
const load = (name: string): Observation =>
  observationSchema.parse(JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")));
const at = (observation: Observation, plusMs = 0) => new Date(Date.parse(observation.generatedAt) + plusMs);
const roots = (causes: Cause[]) => causes.filter((cause) => cause.root).map((cause) => `${cause.kind} ${cause.subject}`);
const evidenceText = (cause: Cause) => cause.evidence.map((evidence) => `${evidence.label}: ${evidence.value}`).join("\n");

interface Case {
  scenario: string;
  status: "ok" | "degraded" | "down";
  roots: string[];
  /** kind -> what must hold for that cause */
  check?: Partial<Record<CauseKind, (cause: Cause) => void>>;
  explained?: string[];
}

const cases: Case[] = [
  {
    scenario: "engine-unreachable",
    status: "degraded",
    roots: ["engine-unreachable edge"],
    check: {
      "engine-unreachable": (cause) => {
        expect(cause.title).toBe("Engine edge does not answer: 2 containers unknown.");
        expect(cause.params).toMatchObject({ engine: "edge", count: 2 });
        expect(evidenceText(cause)).toMatch(/socket does not exist/);
      },
    },
  },
  {
    scenario: "container-gone",
    status: "degraded",
    roots: ["container-gone edge/cascade-eng-found"],
    check: {
      "container-gone": (cause) => {
        expect(cause.title).toBe("The edge/cascade-eng-found container is gone (it matched cascade.eng.watch=1).");
        expect(cause.params).toMatchObject({ container: "edge/cascade-eng-found", selector: "cascade.eng.watch=1" });
      },
    },
  },
  {
    scenario: "docker-unreachable",
    status: "degraded",
    roots: ["docker-unreachable docker"],
    check: { "docker-unreachable": (cause) => expect(evidenceText(cause)).toMatch(/socket does not exist/) },
  },
  {
    scenario: "container-missing",
    status: "degraded",
    roots: ["container-missing cascade-rec-no-such-container"],
    check: { "container-missing": (cause) => expect(cause.hypotheses[0]!.text).toMatch(/removed/) },
  },
  {
    scenario: "container-not-started",
    status: "degraded",
    roots: ["container-not-started cascade-rec-created"],
    check: {
      "container-not-started": (cause) => {
        expect(cause.title).toBe("The cascade-rec-created container was created but never started.");
        expect(cause.actions.map((action) => action.kind)).toEqual(["start", "set-restart-policy"]);
      },
    },
  },
  {
    scenario: "container-exited-sigterm",
    status: "down",
    roots: ["container-exited cascade-rec-prometheus"],
    explained: ["prometheus-unreachable http://127.0.0.1:19190"],
    check: {
      "container-exited": (cause) => {
        expect(evidenceText(cause)).toMatch(/Exit code: 0/);
        expect(evidenceText(cause)).toMatch(/Received SIGTERM, exiting gracefully/);
        expect(cause.hypotheses[0]).toMatchObject({
          likelihood: "likely",
          text: expect.stringMatching(/^Stopped by hand .*not brought back$/),
        });
        expect(cause.actions.map((action) => [action.kind, action.policy])).toEqual([
          ["start", null],
          ["set-restart-policy", "unless-stopped"],
        ]);
      },
    },
  },
  {
    scenario: "container-oom-killed",
    status: "degraded",
    roots: ["container-oom-killed cascade-rec-ingest"],
    check: {
      "container-oom-killed": (cause) => {
        expect(evidenceText(cause)).toMatch(/Exit code: 137/);
        expect(evidenceText(cause)).toMatch(/OOMKilled: true/);
        expect(cause.hypotheses[0]!.text).toMatch(/memory limit/);
      },
    },
  },
  {
    scenario: "container-crash-loop",
    status: "degraded",
    roots: ["container-restarting cascade-rec-worker"],
    check: { "container-restarting": (cause) => expect(cause.hypotheses[0]!.evidence.join(" ")).toMatch(/restart count \d+ and rising/) },
  },
  {
    scenario: "container-unhealthy",
    status: "degraded",
    roots: ["container-unhealthy cascade-rec-billing"],
    check: { "container-unhealthy": (cause) => expect(cause.actions.map((action) => action.kind)).toEqual(["restart"]) },
  },
  {
    scenario: "container-paused",
    status: "down",
    roots: ["container-paused cascade-rec-prometheus"],
    explained: ["prometheus-unreachable http://127.0.0.1:19191"],
  },
  {
    scenario: "prometheus-config-error-exit",
    status: "down",
    roots: ["container-exited cascade-rec-prometheus"],
    explained: ["prometheus-unreachable http://127.0.0.1:19192"],
    check: {
      "container-exited": (cause) => {
        expect(cause.hypotheses[0]!.text).toMatch(/bad configuration/);
        expect(cause.hypotheses[0]!.evidence.join("\n")).toMatch(/Error loading config/);
      },
    },
  },
  {
    scenario: "prometheus-config-reload-failed",
    status: "degraded",
    roots: ["prometheus-config-error http://127.0.0.1:19193"],
    check: { "prometheus-config-error": (cause) => expect(evidenceText(cause)).toMatch(/reloadConfigSuccess: false/) },
  },
  {
    scenario: "prometheus-not-ready",
    status: "down",
    roots: ["prometheus-not-ready http://127.0.0.1:19194"],
    check: { "prometheus-not-ready": (cause) => expect(cause.detail).toMatch(/503/) },
  },
  {
    scenario: "target-down",
    status: "degraded",
    roots: ["metrics-endpoint-unreachable orders-api"],
    explained: ["target-down http://127.0.0.1:18892/metrics"],
    check: { "metrics-endpoint-unreachable": (cause) => expect(evidenceText(cause)).toMatch(/connection refused/) },
  },
  {
    scenario: "metrics-endpoint-unreachable-container-stopped",
    status: "degraded",
    roots: ["container-exited cascade-rec-orders-api"],
    explained: ["metrics-endpoint-unreachable orders-api"],
  },
  {
    scenario: "panel-query-error",
    status: "degraded",
    roots: ["panel-query-error cascade-rec-service-health"],
    check: { "panel-query-error": (cause) => expect(evidenceText(cause)).toMatch(/bad_data: .*parse error/) },
  },
  {
    scenario: "rule-evaluation-failing",
    status: "degraded",
    roots: ["target-down http://127.0.0.1:18899/metrics", "rule-evaluation-failing /etc/prometheus/rules.yml#node-recording"],
    explained: ["metric-family-missing node:load:plus1"],
    check: {
      "rule-evaluation-failing": (cause) => {
        expect(cause.params).toMatchObject({ group: "node-recording", file: "/etc/prometheus/rules.yml", rules: ["node:load:plus1"] });
        expect(cause.params.lastError).toMatch(/many-to-one matching must be explicit/);
        expect(cause.actions[0]!.label).toMatch(/^Fix the rule in \/etc\/prometheus\/rules.yml/);
      },
      "target-down": (cause) =>
        expect(evidenceText(cause)).toMatch(/Firing alert: TargetDown\{instance="127.0.0.1:18899", job="orders-api"/),
    },
  },
  {
    scenario: "incident",
    status: "down",
    roots: ["container-exited auren-prometheus", "metrics-endpoint-http-error biometric-api"],
    explained: ["prometheus-unreachable http://127.0.0.1:19090"],
    check: {
      "metrics-endpoint-http-error": (cause) => {
        expect(evidenceText(cause)).toMatch(/HTTP status: 500/);
        expect(evidenceText(cause)).toMatch(/NameError: name 'Response' is not defined/);
        expect(cause.actions[0]!.label).toMatch(/missing import of Response/);
      },
    },
  },
  {
    scenario: "healthy",
    status: "degraded",
    roots: ["metric-family-missing auren_hypothesis_validations_total", "metric-family-missing auren_memory_tier_latency_seconds"],
    check: { "metric-family-missing": (cause) => expect(cause.actions[0]!.label).toMatch(/^Export auren_\w+ from biometric-api/) },
  },
  // Swarm, recorded on a real single-node Swarm on a second engine (tests/support/record-swarm-observations.ts).
  {
    scenario: "swarm-unavailable",
    status: "degraded",
    roots: ["swarm-unavailable local"],
    check: { "swarm-unavailable": (cause) => expect(cause.detail).toBe("engine local is not a Swarm manager: services not watched") },
  },
  {
    scenario: "swarm-services-failing",
    status: "degraded",
    roots: ["service-task-failing cascade-crash", "service-degraded cascade-web"],
    check: {
      "service-degraded": (cause) => {
        expect(cause.title).toBe("The service cascade-web is degraded: 1 of 2 tasks running.");
        expect(evidenceText(cause)).toMatch(/task error: task: non-zero exit \(1\)/);
        expect(evidenceText(cause)).toMatch(/Address already in use/);
      },
      "service-task-failing": (cause) => {
        expect(evidenceText(cause)).toMatch(/task: non-zero exit \(3\)/);
        expect(cause.hypotheses[0]!.evidence.join(" ")).toMatch(/fatal: cannot open \/data\/store.db/);
      },
    },
  },
  {
    scenario: "swarm-node-down",
    status: "degraded",
    roots: [expect.stringMatching(/^node-down vm\/\w+$/) as unknown as string],
    check: { "node-down": (cause) => expect(evidenceText(cause)).toMatch(/heartbeat failure/) },
  },
];

describe("diagnoseBoard on recorded observations", () => {
  it.each(cases)("$scenario", ({ scenario, status, roots: expectedRoots, check, explained }) => {
    const observation = load(scenario);
    const board = boardSchema.parse(diagnoseBoard(observation, at(observation)));
    expect(board.status).toBe(status);
    expect(roots(board.summary.causes)).toEqual(expectedRoots);
    const nonRoots = board.summary.causes.filter((cause) => !cause.root);
    expect(nonRoots.map((cause) => `${cause.kind} ${cause.subject}`)).toEqual(explained ?? []);
    for (const cause of nonRoots) {
      expect(
        board.summary.causes.some(
          (root) => root.root && root.kind === cause.explainedBy?.kind && root.subject === cause.explainedBy?.subject,
        ),
      ).toBe(true);
    }
    for (const [kind, verify] of Object.entries(check ?? {})) {
      const cause = board.summary.causes.find((candidate) => candidate.kind === kind);
      expect(cause, kind).toBeDefined();
      verify!(cause!);
    }
    expect(board.summary.headline.length).toBeGreaterThan(20);
    expect(board.summary.impact.length).toBeGreaterThan(0);
  });

  it("covers every cause kind", () => {
    const seen = new Set(
      cases.flatMap(({ scenario }) => {
        const observation = load(scenario);
        return diagnoseBoard(observation, at(observation)).summary.causes.map((cause) => cause.kind);
      }),
    );
    expect([...seen].sort()).toEqual([...boardSchema.shape.summary.shape.causes.element.shape.kind.options].sort());
  });
});

describe("the incident, as the report tells it", () => {
  const incident = load("incident");
  const finishedAt = incident.containers.find((container) => container.name === "auren-prometheus")!.finishedAt!;
  const now = new Date(Date.parse(finishedAt) + 22 * 60_000 + 5_000);

  it("writes the executive headline with relative and absolute times", () => {
    const board = diagnoseBoard(incident, now);
    expect(board.summary.headline).toBe(
      "All 6 dashboards are down: the Prometheus container stopped 22 minutes ago and the biometric API's metrics endpoint fails.",
    );
    const exited = board.summary.causes[0]!;
    expect(exited.sinceText).toBe(`22 minutes ago, ${finishedAt.slice(11, 16)} UTC`);
    expect(board.summary.impact[0]).toMatch(/Grafana cannot query Prometheus/);
    expect(
      board.dashboards.every((dashboard) => dashboard.causes.length === 1 && dashboard.causes[0]!.subject === "auren-prometheus"),
    ).toBe(true);
  });

  it("is deterministic: the same observation and time give the same words", () => {
    expect(JSON.stringify(diagnoseBoard(incident, now))).toBe(JSON.stringify(diagnoseBoard(structuredClone(incident), now)));
  });
});

describe("cascades built from the recordings", () => {
  it("a Docker daemon that cannot be asked does not hide a Prometheus that is down", () => {
    const observation = load("docker-unreachable");
    const prometheus = load("container-exited-sigterm").prometheus;
    const board = diagnoseBoard({ ...observation, prometheus }, at(observation));
    expect(board.status).toBe("down");
    expect(roots(board.summary.causes)).toEqual(["docker-unreachable docker", "prometheus-unreachable http://127.0.0.1:19190"]);
  });

  it("repeated manual stops (exit 0) of a container with a restart policy are not a crash loop", () => {
    const incident = load("incident");
    const finishedAt = Date.parse(incident.containers[0]!.finishedAt!);
    const stops = [1, 2, 3].map((minutes) => ({
      time: new Date(finishedAt - minutes * 60_000).toISOString(),
      subject: "auren-prometheus",
      kind: "die",
      text: "exited with code 0",
      exitCode: 0,
    }));
    const observation: Observation = {
      ...incident,
      containers: incident.containers.map((container) =>
        container.name === "auren-prometheus"
          ? { ...container, restartPolicy: { name: "unless-stopped", maximumRetryCount: 0 } }
          : container,
      ),
      timeline: [...incident.timeline, ...stops],
    };
    expect(roots(diagnoseBoard(observation, at(incident)).summary.causes)[0]).toBe("container-exited auren-prometheus");
  });

  it("a healthy stack with nothing missing is ok, with a plain headline", () => {
    const healthy = load("healthy");
    const withoutGaps: Observation = {
      ...healthy,
      dashboards: healthy.dashboards.map((dashboard) => ({
        ...dashboard,
        panels: dashboard.panels.filter((panel) => panel.status === "ok" || panel.status === "skipped"),
      })),
    };
    const board = diagnoseBoard(withoutGaps, at(healthy));
    expect(board.status).toBe("ok");
    expect(board.summary.causes).toEqual([]);
    expect(board.summary.headline).toBe("All 6 dashboards work and every watched container is running.");
  });
});
