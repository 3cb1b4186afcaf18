import type { Observation } from "@/lib/contracts/board";
import { containerRef } from "@/lib/engines/container-key";
import { type DashboardContext, judgeDashboard } from "./dashboards";
import { judgePrometheus } from "./endpoint";
import { explainingNode } from "./service";
import { nodeVerdict, serviceVerdict } from "./verify-services";
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

export function planForObservation(observation: Observation, now: Date = new Date(observation.generatedAt)): PlannedStep[] {
  const watched = new Set(observation.containers.map(containerRef));
  const containerOf = (name: string | null): VerifySubject[] =>
    name !== null && watched.has(name) ? [{ type: "container", container: name }] : [];
  const plan = observation.containers.map((container) => planStep({ type: "container", container: containerRef(container) }, []));
  // Swarm: the nodes, then each service (skipped when the node its failing task ran on is down).
  const nodes = (observation.swarm ?? []).flatMap((swarm) => swarm.nodes);
  for (const node of nodes) plan.push(planStep({ type: "node", node: node.hostname }, []));
  for (const service of observation.services ?? []) {
    const node = explainingNode(service, nodes, now);
    plan.push(planStep({ type: "service", service: service.name }, node ? [{ type: "node", node: node.hostname }] : []));
  }
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
      case "service":
        return serviceVerdict(observation.services!.find((service) => service.name === subject.service)!, now);
      case "node":
        return nodeVerdict((observation.swarm ?? []).flatMap((swarm) => swarm.nodes).find((node) => node.hostname === subject.node)!);
      default:
        return { status: "skipped", detail: "needs a live query" };
    }
  };
  const plan = planForObservation(observation, now);
  for (const planned of plan) {
    const verdict = dependencyVerdict(planned, plan) ?? judge(planned.subject);
    Object.assign(planned.step, { status: verdict.status, detail: verdict.detail });
    if (planned.subject.type === "endpoint" && verdict.status !== "passed") notPassed.set(planned.subject.endpoint, verdict.status);
  }
  return plan;
}
