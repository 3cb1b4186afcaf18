import type { CauseTemplates, Param, Params, Template, Words } from "./types";

// English words for Swarm services, nodes and managers (keys shared with services-de.ts; params: docs/board-json.md).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));
const tasks = (p: Params) => `${str(p.running)} of ${p.desired ?? "?"} task${p.desired === 1 ? "" : "s"} running`;

export const serviceMessagesEn = {
  "label.service-tasks": () => "running / desired",
  "label.task-error": () => "task error",
  "label.node": () => "node",
  "label.update-status": () => "update",
  "label.availability": () => "availability",
  "label.swarm-state": () => "Swarm state",
  "fact.task-error": (p) => `Docker: ${str(p.error)}`,
  "fact.task-failures": (p, w: Words) => `${w.count(p.count, "failed task")} in the last 10 minutes`,
  "fact.node-state": (p) => `node ${str(p.node)} is ${str(p.state)}`,
  "fact.no-task-error": () => "no task reports an error yet",
  "hypothesis.service-removed": () => "The service was removed (docker service rm, docker stack rm) or cascade.yaml names it wrongly",
  "hypothesis.service-node-down": (p) => `Its tasks ran on ${str(p.node)}, which is down`,
  "hypothesis.task-unplaceable": () => "Swarm cannot place its tasks: no node meets its constraints or resource reservations",
  "hypothesis.task-exits": (p) =>
    `Its tasks exit with an error${p.exitCode === null || p.exitCode === undefined ? "" : ` (exit ${str(p.exitCode)})`} as they start`,
  "hypothesis.tasks-starting": () => "Its tasks are still starting or being rescheduled",
  "hypothesis.not-a-manager": () => "The engine is not a Swarm manager (a worker, or not in a Swarm), or the Swarm lost its quorum",
  "hypothesis.node-unreachable": () => "The node's host or its dockerd stopped, or the network to it is down",
  "action.restart-service": (p) => `Restart the service ${str(p.service)} (a forced rolling update)`,
  "action.scale-service": (p) => `Scale ${str(p.service)} to the ${str(p.replicas)} replicas that can run`,
  "action.check-node": (p) => `Check the host of node ${str(p.node)} and its Docker daemon`,
  "action.point-at-manager": (p) => `Point engine ${str(p.engine)} at a Swarm manager, or remove services: for it`,
  "impact.service-degraded": (p) => `The service ${str(p.service)} runs below its capacity: ${tasks(p)}.`,
} satisfies Record<string, Template>;

export const serviceCausesEn: Record<"service-degraded" | "service-task-failing" | "node-down" | "swarm-unavailable", CauseTemplates> = {
  "service-degraded": {
    title: (p) =>
      p.missing
        ? `The service ${str(p.service)} does not exist on engine ${str(p.engine)}.`
        : `The service ${str(p.service)} is degraded: ${tasks(p)}.`,
    detail: (p) =>
      p.error ? `Docker says about its failing task: ${str(p.error)}` : `Swarm has not placed every task of ${str(p.service)} yet.`,
    phrase: (p) => (p.missing ? `the service ${str(p.service)} does not exist` : `the service ${str(p.service)} is degraded (${tasks(p)})`),
  },
  "service-task-failing": {
    title: (p, w) => `The tasks of the service ${str(p.service)} keep failing${w.ago(p.since) ? ` (last failure ${w.ago(p.since)})` : ""}.`,
    detail: (p, w) =>
      `${w.count(p.failures, "task")} failed in the last 10 minutes${p.error ? `: ${str(p.error)}` : ""}${p.updateState ? `; update ${str(p.updateState)}` : ""}.`,
    phrase: (p) => `the service ${str(p.service)} keeps failing`,
  },
  "node-down": {
    title: (p) => `The Swarm node ${str(p.node)} is ${str(p.state)}.`,
    detail: (p) => `Its tasks cannot run until it is back${p.message ? ` (${str(p.message)})` : ""}.`,
    phrase: (p) => `the Swarm node ${str(p.node)} is down`,
  },
  "swarm-unavailable": {
    title: (p) => `The services of engine ${str(p.engine)} cannot be watched.`,
    detail: (p) => str(p.error),
    phrase: (p) => `the Swarm on engine ${str(p.engine)} cannot be asked`,
  },
};
