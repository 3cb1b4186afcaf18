import { z } from "zod";

// Swarm services, their tasks and the Swarm's nodes as the board shows them (docs/board-json.md, "services").
// Every engine turns its own API's shapes into these (server/upstreams/docker/swarm-schemas.ts for Swarm; a
// Kubernetes source would map deployments and pods here too, docs/engines.md): the diagnosis never sees a raw shape.

export const swarmTaskSchema = z.object({
  id: z.string(),
  /** The replica slot (replicated services); null for global services. */
  slot: z.number().int().nullable(),
  /** Docker's task state: new, pending, assigned, accepted, preparing, ready, starting, running, complete, failed, shutdown, rejected, orphaned, remove. */
  state: z.string(),
  desiredState: z.string(),
  /** The container's exit code, once it has exited. */
  exitCode: z.number().int().nullable(),
  /** Docker's task error as it says it: "task: non-zero exit (1)", "no suitable node (insufficient resources on 1 node)". */
  error: z.string().nullable(),
  /** Docker's task message ("started", "pending task scheduling"). */
  message: z.string().nullable(),
  /** The node's host name (its id when the node is not known). */
  node: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** The last lines the task wrote (read only for failing tasks), oldest first. */
  logTail: z.array(z.string()).default([]),
});
export type SwarmTaskView = z.infer<typeof swarmTaskSchema>;

export const updateStatusSchema = z.object({
  /** updating, paused, completed, rollback_started, rollback_paused, rollback_completed. */
  state: z.string(),
  message: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type UpdateStatusView = z.infer<typeof updateStatusSchema>;

export const serviceModeSchema = z.enum(["replicated", "global", "replicated-job", "global-job", "unknown"]);

export const serviceSchema = z.object({
  name: z.string(),
  /** The engine (a Swarm manager) that reported it; "local" for the single-engine config. */
  engine: z.string(),
  id: z.string().nullable(),
  /** `observed`; `missing` (the manager has no such service); `unknown` (the manager could not be asked: see reason). */
  state: z.enum(["observed", "missing", "unknown"]),
  mode: serviceModeSchema,
  /** Replicas wanted (replicated) or tasks that should run (global); null when unknown. */
  desired: z.number().int().nullable(),
  /** Tasks running now whose desired state is running. */
  running: z.number().int(),
  image: z.string().nullable(),
  /** Published ports (ingress or host mode) and the host:port pairs of its `cascade.serves` label. */
  publishedPorts: z.array(z.number().int()),
  serves: z.array(z.string()),
  /** The last forced or spec update, as Docker reports it; null when the service was never updated. */
  updateStatus: updateStatusSchema.nullable(),
  /** The tasks that should run and the most recent others, newest first. */
  tasks: z.array(swarmTaskSchema),
  labels: z.record(z.string(), z.string()),
  reason: z.string().nullable(),
});
export type ServiceView = z.infer<typeof serviceSchema>;

export const swarmNodeSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  role: z.string(),
  /** active, pause, drain. */
  availability: z.string(),
  /** unknown, down, ready, disconnected. */
  state: z.string(),
  address: z.string().nullable(),
  message: z.string().nullable(),
});
export type SwarmNodeView = z.infer<typeof swarmNodeSchema>;

/** One engine's Swarm as one collection saw it. */
export const swarmStatusSchema = z.object({
  engine: z.string(),
  /** The engine answered GET /info. */
  reachable: z.boolean(),
  /** It is a Swarm manager (Swarm.ControlAvailable): only then are services watched. */
  manager: z.boolean(),
  /** Swarm.LocalNodeState: inactive, pending, active, error, locked. */
  localNodeState: z.string().nullable(),
  nodes: z.array(swarmNodeSchema),
  /** Why services are not watched, or what part of the Swarm API failed. */
  error: z.string().nullable(),
});
export type SwarmStatus = z.infer<typeof swarmStatusSchema>;

export const serviceActions = ["restart", "scale"] as const;
export const serviceActionSchema = z.enum(serviceActions);
export type ServiceAction = z.infer<typeof serviceActionSchema>;

/** Hard upper bound of POST /api/services/{name}/scale; cascade.yaml's `maxReplicas` narrows it per service. */
export const SCALE_LIMIT = 100;
export const scaleRequestSchema = z.strictObject({ replicas: z.number().int().min(0).max(SCALE_LIMIT) });

export const serviceActionResultSchema = z.object({
  service: z.string(),
  engine: z.string(),
  action: serviceActionSchema,
  outcome: z.literal("done"),
  message: z.string(),
  requestId: z.string(),
  /** The service's version before the change (the update was made against it). */
  version: z.number().int(),
  verifyUrl: z.string(),
});
export type ServiceActionResult = z.infer<typeof serviceActionResultSchema>;
