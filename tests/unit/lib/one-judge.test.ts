import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import { type CauseKind, causeKindSchema } from "@/lib/contracts/diagnosis";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import type { Finding } from "@/lib/diagnosis/types";
import { containerRef } from "@/lib/engines/container-key";
import { verifyObservation } from "@/lib/health/verify-observation";
import { stepId } from "@/lib/health/verify-steps";

// Verify and the board give the same verdict on the same observation: each recorded observation (one per cause kind,
// tests/fixtures/observations) goes to both. A step fails exactly when the board has a root cause on its subject; a
// step whose subject has only causes explained by another failure is skipped; a step with no cause passes.

const DIR = path.resolve(__dirname, "../../fixtures/observations");
const scenarios = fs
  .readdirSync(DIR)
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.replace(/\.json$/, ""))
  .sort();
const load = (name: string): Observation => observationSchema.parse(JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), "utf8")));

/**
 * Which verify step(s) each cause kind is about. `[]` says, for a kind no step checks, why not.
 */
const STEPS_OF: Record<CauseKind, (cause: Finding, observation: Observation) => string[]> = {
  // Docker cannot be asked: no container can be shown running.
  "docker-unreachable": (_cause, observation) => observation.containers.map((container) => `container:${containerRef(container)}`),
  // An engine that does not answer: none of its containers can be shown running.
  "engine-unreachable": (cause, observation) =>
    observation.containers
      .filter((container) => container.engine === cause.subject)
      .map((container) => `container:${containerRef(container)}`),
  "container-missing": (cause) => [`container:${cause.subject}`],
  "container-gone": (cause) => [`container:${cause.subject}`],
  "container-not-started": (cause) => [`container:${cause.subject}`],
  "container-exited": (cause) => [`container:${cause.subject}`],
  "container-oom-killed": (cause) => [`container:${cause.subject}`],
  "container-restarting": (cause) => [`container:${cause.subject}`],
  "container-unhealthy": (cause) => [`container:${cause.subject}`],
  "container-paused": (cause) => [`container:${cause.subject}`],
  "prometheus-unreachable": () => ["prometheus-ready"],
  "prometheus-not-ready": () => ["prometheus-ready"],
  // No step: Prometheus answers and is ready on its previous configuration; verify proves what runs, not the last reload.
  "prometheus-config-error": () => [],
  "target-down": () => ["targets"],
  "metrics-endpoint-unreachable": (cause) => [`endpoint:${cause.subject}`],
  "metrics-endpoint-http-error": (cause) => [`endpoint:${cause.subject}`],
  // An endpoint's expected family fails that endpoint's step. A family only panels read is a known gap: the dashboard
  // step names it and does not fail, so no step.
  "metric-family-missing": (cause) => (typeof cause.params.expectedBy === "string" ? [`endpoint:${cause.params.expectedBy}`] : []),
  "panel-query-error": (cause) => [`dashboard:${cause.subject}`],
  // No step: verify proves that what an action touched runs and is scraped; Prometheus's rule evaluation is judged by
  // the board alone (a restart does not fix a rule).
  "rule-evaluation-failing": () => [],
  "service-degraded": (cause) => [`service:${cause.subject}`],
  "service-task-failing": (cause) => [`service:${cause.subject}`],
  "node-down": (cause) => [`node:${cause.subject}`],
  // The manager cannot be asked: none of its services can be shown running.
  "swarm-unavailable": (cause, observation) =>
    (observation.services ?? []).filter((service) => service.engine === cause.subject).map((service) => `service:${service.name}`),
};

describe("verify and the board judge the same observation the same way", () => {
  it.each(scenarios)("%s", (scenario) => {
    const observation = load(scenario);
    const now = new Date(Date.parse(observation.generatedAt));
    const board = diagnoseBoard(observation, now);
    const steps = verifyObservation(observation, now);
    const causesOn = new Map<string, Finding[]>();
    for (const cause of board.summary.causes)
      for (const id of STEPS_OF[cause.kind](cause, observation)) causesOn.set(id, [...(causesOn.get(id) ?? []), cause]);
    expect([...causesOn.keys()].filter((id) => !steps.some(({ step }) => step.id === id))).toEqual([]);
    for (const { subject, step } of steps) {
      const causes = causesOn.get(stepId(subject)) ?? [];
      const expected = causes.some((cause) => cause.root)
        ? "failed"
        : causes.length > 0
          ? "skipped"
          : step.status === "skipped"
            ? "skipped"
            : "passed";
      const why = `${step.id}: ${step.detail} / causes: ${causes.map((cause) => `${cause.kind} ${cause.subject}`).join(", ")}`;
      expect(step.status, why).toBe(expected);
    }
  });

  it("has a recorded observation for every cause kind, and a mapping for each", () => {
    const seen = new Set(
      scenarios.flatMap((scenario) => {
        const observation = load(scenario);
        return diagnoseBoard(observation, new Date(Date.parse(observation.generatedAt))).summary.causes.map((cause) => cause.kind);
      }),
    );
    expect([...seen].sort()).toEqual([...causeKindSchema.options].sort());
    expect(Object.keys(STEPS_OF).sort()).toEqual([...causeKindSchema.options].sort());
  });
});
