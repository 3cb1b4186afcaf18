import { z } from "zod";

// The JSON of GET /api/board: a public contract (docs/board-json.md). Route handlers build it, React Query hooks and
// `cascade check --json` read it; declare each shape once, here.

export const containerStateSchema = z.enum([
  "created",
  "running",
  "paused",
  "restarting",
  "removing",
  "exited",
  "dead",
  /** Docker answered, but no container has this name. */
  "missing",
  /** Docker could not be asked (see `reason`). */
  "unknown",
]);
export type ContainerState = z.infer<typeof containerStateSchema>;

export const restartPolicySchema = z.object({
  name: z.string(),
  maximumRetryCount: z.number().int(),
});

export const containerHealthSchema = z.object({
  status: z.enum(["starting", "healthy", "unhealthy", "none"]),
  failingStreak: z.number().int(),
  lastOutput: z.string().nullable(),
});

export const containerSchema = z.object({
  name: z.string(),
  id: z.string().nullable(),
  image: z.string().nullable(),
  state: containerStateSchema,
  exitCode: z.number().int().nullable(),
  oomKilled: z.boolean(),
  /** Docker's own State.Error (e.g. a failed mount), not the process's. */
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  restartCount: z.number().int().nullable(),
  restartPolicy: restartPolicySchema.nullable(),
  health: containerHealthSchema.nullable(),
  /** The last lines of its stdout and stderr, oldest first. */
  logTail: z.array(z.string()),
  /** Why the state is `missing` or `unknown`. */
  reason: z.string().nullable(),
});
export type ContainerView = z.infer<typeof containerSchema>;

export const dockerStatusSchema = z.object({
  reachable: z.boolean(),
  version: z.string().nullable(),
  error: z.string().nullable(),
});

export const boardSchema = z.object({
  generatedAt: z.string(),
  docker: dockerStatusSchema,
  containers: z.array(containerSchema),
});
export type Board = z.infer<typeof boardSchema>;
