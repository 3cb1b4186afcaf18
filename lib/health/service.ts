import type { CauseKind } from "@/lib/contracts/diagnosis";
import type { ServiceView, SwarmNodeView, SwarmTaskView } from "@/lib/contracts/services";

// The one judge of a watched Swarm service and of a Swarm node, used by the board's diagnosis and by verify (which
// also asks it whether an action has converged). Pure: `now` is given.

export type ServiceCauseKind = Extract<CauseKind, `service-${string}`>;

/** Failed tasks within this window count as "keeps failing". */
export const TASK_FAILURE_WINDOW_MS = 10 * 60_000;

const FAILED = new Set(["failed", "rejected"]);
/** States a task passes through before it runs; a pending task with an error cannot be placed ("no suitable node"). */
const NOT_YET = new Set(["new", "pending", "assigned", "accepted", "preparing", "ready", "starting"]);

const recent = (task: SwarmTaskView, now: Date) =>
  task.updatedAt !== null && now.getTime() - Date.parse(task.updatedAt) <= TASK_FAILURE_WINDOW_MS;

/**
 * A failed task still matters when its place is still wanted: its slot (replicated) or its node (global) has a task
 * that should run. Swarm keeps whichever slot runs when it scales down, so a slot number says nothing by itself.
 */
function wantedPlaces(service: ServiceView): Set<string> {
  const place = (task: SwarmTaskView) => (task.slot !== null ? `slot:${task.slot}` : `node:${task.node}`);
  return new Set(service.tasks.filter((task) => task.desiredState === "running" || task.desiredState === "ready").map(place));
}

/** The service's failed tasks of the last 10 minutes in places still wanted, newest first. */
export function recentTaskFailures(service: ServiceView, now: Date): SwarmTaskView[] {
  const wanted = wantedPlaces(service);
  return service.tasks.filter(
    (task) => FAILED.has(task.state) && recent(task, now) && wanted.has(task.slot !== null ? `slot:${task.slot}` : `node:${task.node}`),
  );
}

/** Tasks that should run but do not yet, with Docker's reason (e.g. "no suitable node (insufficient resources on 1 node)"). */
export function stuckTasks(service: ServiceView): SwarmTaskView[] {
  return service.tasks.filter((task) => task.desiredState === "running" && NOT_YET.has(task.state) && task.error !== null);
}

/**
 * The task whose error and log lines explain the service best: the newest recent failure, else a task stuck before
 * running with an error, else null.
 */
export function failingTask(service: ServiceView, now: Date): SwarmTaskView | null {
  return recentTaskFailures(service, now)[0] ?? stuckTasks(service)[0] ?? null;
}

/**
 * What is wrong with the service, or null when every desired task runs. `service-task-failing`: nothing of it runs and
 * its tasks keep failing. `service-degraded`: fewer tasks run than desired otherwise (a replica that fails beside one
 * that runs, tasks that cannot be placed, a missing service). Once the count is met, earlier failures (of slots
 * scaled away, or before a restart) are history. `unknown` (the manager could not be asked) is not judged here:
 * `swarm-unavailable` covers it.
 */
export function judgeService(service: ServiceView, now: Date): ServiceCauseKind | null {
  if (service.state === "unknown") return null;
  if (service.state === "missing") return "service-degraded";
  const desired = service.desired ?? 0;
  if (service.running >= desired) return null;
  return service.running === 0 && recentTaskFailures(service, now).length > 0 ? "service-task-failing" : "service-degraded";
}

/** A node that is down or disconnected (drained or paused nodes are an operator's choice, not a failure). */
export function judgeNode(node: SwarmNodeView): "node-down" | null {
  return node.state === "down" || node.state === "disconnected" || node.state === "unknown" ? "node-down" : null;
}

/** Update states in which Swarm is still replacing tasks. */
const UPDATING = new Set(["updating", "rollback_started"]);

/**
 * Has the service converged after a change (restart, scale)? No update is in progress, every desired task runs, and
 * (after a restart) none of the tasks that ran before still does. An update that paused on a failing task counts as
 * converged only when every desired task runs anyway.
 */
export function serviceConverged(service: ServiceView, replacedTaskIds: ReadonlySet<string> = new Set()): boolean {
  if (service.state !== "observed" || service.desired === null) return false;
  if (service.updateStatus && UPDATING.has(service.updateStatus.state)) return false;
  const running = service.tasks.filter((task) => task.state === "running" && task.desiredState === "running");
  if (running.some((task) => replacedTaskIds.has(task.id))) return false;
  return running.length === service.desired;
}

/** The down node a failing service's trouble comes from: the node of its failing task, or of a task that should run. */
export function explainingNode(service: ServiceView, nodes: readonly SwarmNodeView[], now: Date): SwarmNodeView | null {
  const down = new Map(nodes.filter((node) => judgeNode(node) !== null).map((node) => [node.hostname, node]));
  if (down.size === 0) return null;
  const candidates = [failingTask(service, now), ...service.tasks.filter((task) => task.desiredState === "running")];
  for (const task of candidates) {
    const node = task?.node ? down.get(task.node) : undefined;
    if (node) return node;
  }
  return null;
}
