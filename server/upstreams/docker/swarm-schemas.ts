import { z } from "zod";
import type { ServiceView, SwarmNodeView, SwarmTaskView, UpdateStatusView } from "@/lib/contracts/services";

// What the Swarm endpoints of the Engine API answer (v1.41+), as far as the board reads them, and the reshaping into
// the domain types of lib/contracts/services.ts. Recorded answers: tests/fixtures/swarm/.
// https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Service

export const infoSwarmSchema = z.object({
  Swarm: z
    .object({
      NodeID: z.string().default(""),
      LocalNodeState: z.string().default("inactive"),
      ControlAvailable: z.boolean().default(false),
      Error: z.string().default(""),
    })
    .partial()
    .default({}),
});

const timeOf = (value: string | undefined) => (!value || value.startsWith("0001-01-01") ? null : value);

export const serviceEntrySchema = z.object({
  ID: z.string(),
  Version: z.object({ Index: z.number().int() }),
  UpdatedAt: z.string().optional(),
  Spec: z.object({
    Name: z.string(),
    Labels: z.record(z.string(), z.string()).nullable().default({}),
    TaskTemplate: z
      .object({
        ContainerSpec: z.object({ Image: z.string().optional() }).partial().optional(),
        ForceUpdate: z.number().int().optional(),
      })
      .passthrough()
      .optional(),
    Mode: z
      .object({
        Replicated: z.object({ Replicas: z.number().int().optional() }).optional(),
        Global: z.object({}).passthrough().optional(),
        ReplicatedJob: z.object({}).passthrough().optional(),
        GlobalJob: z.object({}).passthrough().optional(),
      })
      .optional(),
  }),
  Endpoint: z
    .object({
      Ports: z
        .array(z.object({ PublishedPort: z.number().int().optional() }).passthrough())
        .nullable()
        .optional(),
    })
    .optional(),
  UpdateStatus: z
    .object({
      State: z.string().default(""),
      Message: z.string().optional(),
      StartedAt: z.string().optional(),
      CompletedAt: z.string().optional(),
    })
    .optional(),
  ServiceStatus: z.object({ RunningTasks: z.number().int(), DesiredTasks: z.number().int() }).partial().optional(),
});
export type ServiceEntry = z.infer<typeof serviceEntrySchema>;
export const serviceListSchema = z.array(serviceEntrySchema);

export const taskEntrySchema = z.object({
  ID: z.string(),
  ServiceID: z.string(),
  Slot: z.number().int().optional(),
  NodeID: z.string().optional(),
  UpdatedAt: z.string().optional(),
  DesiredState: z.string().default(""),
  Status: z
    .object({
      Timestamp: z.string().optional(),
      State: z.string().default(""),
      Message: z.string().optional(),
      Err: z.string().optional(),
      ContainerStatus: z.object({ ExitCode: z.number().int().optional() }).partial().optional(),
    })
    .default({ State: "" }),
});
export type TaskEntry = z.infer<typeof taskEntrySchema>;
export const taskListSchema = z.array(taskEntrySchema);

export const nodeEntrySchema = z.object({
  ID: z.string(),
  Spec: z
    .object({ Role: z.string().default(""), Availability: z.string().default("") })
    .partial()
    .default({}),
  Description: z.object({ Hostname: z.string().optional() }).partial().optional(),
  Status: z
    .object({ State: z.string().default("unknown"), Addr: z.string().optional(), Message: z.string().optional() })
    .partial()
    .default({}),
});
export const nodeListSchema = z.array(nodeEntrySchema);

export function reshapeNode(node: z.infer<typeof nodeEntrySchema>): SwarmNodeView {
  return {
    id: node.ID,
    hostname: node.Description?.Hostname ?? node.ID.slice(0, 12),
    role: node.Spec.Role ?? "",
    availability: node.Spec.Availability ?? "",
    state: node.Status.State ?? "unknown",
    address: node.Status.Addr ?? null,
    message: node.Status.Message || null,
  };
}

/** Task states that end a task: it will not run again (Swarm starts a new task instead). */
const ENDED = new Set(["complete", "failed", "shutdown", "rejected", "orphaned", "remove"]);

export function reshapeTask(task: TaskEntry, hostnames: Map<string, string>): SwarmTaskView {
  const exitCode = task.Status.ContainerStatus?.ExitCode;
  return {
    id: task.ID,
    slot: task.Slot ?? null,
    state: task.Status.State,
    desiredState: task.DesiredState,
    exitCode: ENDED.has(task.Status.State) && exitCode !== undefined ? exitCode : null,
    error: task.Status.Err || null,
    message: task.Status.Message || null,
    node: task.NodeID ? (hostnames.get(task.NodeID) ?? task.NodeID.slice(0, 12)) : null,
    updatedAt: timeOf(task.Status.Timestamp) ?? timeOf(task.UpdatedAt),
    logTail: [],
  };
}

function modeOf(service: ServiceEntry): ServiceView["mode"] {
  const mode = service.Spec.Mode;
  if (mode?.Replicated) return "replicated";
  if (mode?.Global) return "global";
  if (mode?.ReplicatedJob) return "replicated-job";
  if (mode?.GlobalJob) return "global-job";
  return "unknown";
}

function updateStatusOf(service: ServiceEntry): UpdateStatusView | null {
  const status = service.UpdateStatus;
  if (!status?.State) return null;
  return {
    state: status.State,
    message: status.Message || null,
    startedAt: timeOf(status.StartedAt),
    completedAt: timeOf(status.CompletedAt),
  };
}

/** The label that names the host:port pairs a service serves (host-network services publish no ports). */
export const SERVES_LABEL = "cascade.serves";
/** Ended tasks kept on the board per service, newest first, beside the ones that should run. */
export const TASK_HISTORY = 10;

export function reshapeService(engine: string, service: ServiceEntry, tasks: SwarmTaskView[]): ServiceView {
  const mode = modeOf(service);
  const current = tasks.filter((task) => task.desiredState === "running" || task.desiredState === "ready");
  const running = current.filter((task) => task.state === "running").length;
  const desired =
    mode === "replicated" ? (service.Spec.Mode?.Replicated?.Replicas ?? 1) : (service.ServiceStatus?.DesiredTasks ?? current.length);
  const newestFirst = [...tasks].sort((a, b) => (b.updatedAt ?? "").localeCompare(a.updatedAt ?? ""));
  const ended = newestFirst.filter((task) => !current.includes(task)).slice(0, TASK_HISTORY);
  const labels = service.Spec.Labels ?? {};
  return {
    name: service.Spec.Name,
    engine,
    id: service.ID,
    state: "observed",
    mode,
    desired,
    running,
    image: service.Spec.TaskTemplate?.ContainerSpec?.Image?.replace(/@sha256:[0-9a-f]+$/, "") ?? null,
    publishedPorts: [...new Set((service.Endpoint?.Ports ?? []).flatMap((port) => (port.PublishedPort ? [port.PublishedPort] : [])))],
    serves: (labels[SERVES_LABEL] ?? "")
      .split(/[,\s]+/)
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
    updateStatus: updateStatusOf(service),
    tasks: [...newestFirst.filter((task) => current.includes(task)), ...ended],
    labels,
    reason: null,
  };
}

export function unobservedService(engine: string, name: string, state: "missing" | "unknown", reason: string): ServiceView {
  return {
    name,
    engine,
    id: null,
    state,
    mode: "unknown",
    desired: null,
    running: 0,
    image: null,
    publishedPorts: [],
    serves: [],
    updateStatus: null,
    tasks: [],
    labels: {},
    reason,
  };
}
