import type { Observation } from "@/lib/contracts/board";
import { containerRef } from "@/lib/engines/container-key";
import { type DashboardContext, judgeDashboard } from "./dashboards";
import { judgePrometheus } from "./endpoint";
import {
  containerVerdict,
  dependencyVerdict,
  endpointVerdict,
  judgeTargets,
  type PlannedStep,
  planStep,
  type Verdict,
  type VerifySubject,
} from "./verify-steps";

// Verify on one observation: the steps of a run, judged in order with the board's judges, dependents skipped. The
// live run (server/verify) does the same step by step with fresh reads and bounded waits; this pure form is how a
// test holds verify and the board to the same verdict on the same observation. The data source step needs a live
// query and is not part of it.

export function planForObservation(observation: Observation): PlannedStep[] {
  const watched = new Set(observation.containers.map(containerRef));
  const containerOf = (name: string | null): VerifySubject[] =>
    name !== null && watched.has(name) ? [{ type: "container", container: name }] : [];
  const plan = observation.containers.map((container) => planStep({ type: "container", container: containerRef(container) }, []));
  for (const endpoint of observation.metricsEndpoints)
    plan.push(planStep({ type: "endpoint", endpoint: endpoint.name }, containerOf(endpoint.container)));
  const ready: VerifySubject[] = observation.prometheus ? [{ type: "prometheus-ready" }] : [];
  if (observation.prometheus) {
    plan.push(planStep({ type: "prometheus-ready" }, containerOf(observation.prometheus.container)));
    plan.push(planStep({ type: "targets" }, ready));
  }
  for (const dashboard of observation.dashboards)
    plan.push(planStep({ type: "dashboard", uid: dashboard.uid, title: dashboard.title }, ready));
  return plan;
}

export function verifyObservation(observation: Observation, now: Date): PlannedStep[] {
  const notPassed: DashboardContext["notPassed"] = new Map();
  const context: DashboardContext = {
    endpoints: observation.metricsEndpoints,
    notPassed,
    targets: observation.prometheus?.targets ?? [],
  };
  const judge = (subject: VerifySubject): Verdict => {
    switch (subject.type) {
      case "container":
        return containerVerdict(observation.containers.find((c) => containerRef(c) === subject.container)!, observation.timeline, now);
      case "endpoint":
        return endpointVerdict(observation.metricsEndpoints.find((endpoint) => endpoint.name === subject.endpoint)!);
      case "prometheus-ready": {
        const kind = judgePrometheus(observation.prometheus!);
        return kind ? { status: "failed", detail: observation.prometheus!.error ?? kind } : { status: "passed", detail: "ready" };
      }
      case "targets":
        return judgeTargets(context.targets, context.endpoints, notPassed);
      case "dashboard":
        return judgeDashboard(observation.dashboards.find((dashboard) => dashboard.uid === subject.uid)!, context);
      default:
        return { status: "skipped", detail: "needs a live query" };
    }
  };
  const plan = planForObservation(observation);
  for (const planned of plan) {
    const verdict = dependencyVerdict(planned, plan) ?? judge(planned.subject);
    Object.assign(planned.step, { status: verdict.status, detail: verdict.detail });
    if (planned.subject.type === "endpoint" && verdict.status !== "passed") notPassed.set(planned.subject.endpoint, verdict.status);
  }
  return plan;
}
