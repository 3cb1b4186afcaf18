import "server-only";
import type Docker from "dockerode";
import { withDeadline } from "../errors";
import { toDockerError } from "./client";
import { demultiplexLog, tailLines } from "./log-stream";
import {
  infoSwarmSchema,
  nodeListSchema,
  type ServiceEntry,
  serviceEntrySchema,
  serviceListSchema,
  type TaskEntry,
  taskListSchema,
} from "./swarm-schemas";

// The Swarm calls of the Engine API (docs/docker-api.md, "Swarm"), each bounded by a deadline. An engine is a
// parameter (a Dockerode and its name), so the same calls serve every engine the config names.

export interface SwarmEngine {
  /** "local" for the single-engine config. */
  name: string;
  docker: Docker;
}

const TASK_LOG_LINES = 20;

/** GET /info: is this engine a Swarm manager (Swarm.ControlAvailable), and its local node state. */
export async function readSwarmRole(engine: SwarmEngine, timeoutMs: number) {
  try {
    const raw = await withDeadline(engine.docker.info(), timeoutMs, "docker", `engine ${engine.name}`);
    const swarm = infoSwarmSchema.parse(raw).Swarm;
    return {
      manager: swarm.ControlAvailable === true,
      localNodeState: swarm.LocalNodeState ?? "inactive",
      error: swarm.Error || null,
    };
  } catch (error) {
    throw toDockerError(error, `cannot reach engine ${engine.name}`, "GET /info");
  }
}

/** GET /services?status=true: every service of the Swarm, one call (filtered here, by name or label). */
export async function listServices(engine: SwarmEngine, timeoutMs: number): Promise<ServiceEntry[]> {
  try {
    const raw = await withDeadline(
      (engine.docker.listServices as (options: object) => Promise<unknown>)({ status: true }),
      timeoutMs,
      "docker",
      "the service list",
    );
    return serviceListSchema.parse(raw);
  } catch (error) {
    throw toDockerError(error, "cannot list services", "GET /services");
  }
}

/** GET /tasks?filters={"service":[...]}: the tasks of the watched services only, one call. */
export async function listTasks(engine: SwarmEngine, serviceIds: string[], timeoutMs: number): Promise<TaskEntry[]> {
  if (serviceIds.length === 0) return [];
  try {
    const raw = await withDeadline(
      engine.docker.listTasks({ filters: JSON.stringify({ service: serviceIds }) }),
      timeoutMs,
      "docker",
      "the task list",
    );
    return taskListSchema.parse(raw);
  } catch (error) {
    throw toDockerError(error, "cannot list tasks", "GET /tasks");
  }
}

/** GET /nodes: the Swarm's nodes, one call. */
export async function listNodes(engine: SwarmEngine, timeoutMs: number) {
  try {
    const raw = await withDeadline(engine.docker.listNodes(), timeoutMs, "docker", "the node list");
    return nodeListSchema.parse(raw);
  } catch (error) {
    throw toDockerError(error, "cannot list nodes", "GET /nodes");
  }
}

/** GET /tasks/{id}/logs?tail=20 (never follow): a failing task's last lines. */
export async function readTaskLogTail(engine: SwarmEngine, taskId: string, timeoutMs: number): Promise<string[]> {
  const raw = await withDeadline(
    (engine.docker.getTask(taskId) as unknown as { logs(options: object): Promise<unknown> }).logs({
      stdout: true,
      stderr: true,
      tail: TASK_LOG_LINES,
      follow: false,
    }),
    timeoutMs,
    "docker",
    `logs of task ${taskId}`,
  ).catch((error: unknown) => {
    throw toDockerError(error, `logs of task ${taskId}`, `GET /tasks/${taskId}/logs`);
  });
  return tailLines(demultiplexLog(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))), TASK_LOG_LINES);
}

/** GET /services/{name}: one service with its spec and version (what an update must be made against). */
export async function inspectService(engine: SwarmEngine, name: string, timeoutMs: number): Promise<ServiceEntry & { spec: unknown }> {
  try {
    const raw = (await withDeadline(engine.docker.getService(name).inspect(), timeoutMs, "docker", `inspect of service ${name}`)) as {
      Spec: unknown;
    };
    return { ...serviceEntrySchema.parse(raw), spec: raw.Spec };
  } catch (error) {
    throw toDockerError(error, `inspect of service ${name}`, `GET /services/${name}`);
  }
}

/**
 * POST /services/{id}/update?version=N with the whole spec: Docker refuses an update made against an older version
 * (someone changed the service meanwhile), so nothing is overwritten blindly.
 */
export async function updateService(engine: SwarmEngine, id: string, version: number, spec: unknown, timeoutMs: number) {
  try {
    await withDeadline(
      engine.docker.getService(id).update({ _query: { version }, _body: spec } as never),
      timeoutMs,
      "docker",
      `update of service ${id}`,
    );
  } catch (error) {
    throw toDockerError(error, `update of service ${id}`, `POST /services/${id}/update`);
  }
}
