import { z } from "zod";
import { containerActions, restartPolicySchema } from "./operations";

// The diagnosis part of GET /api/board: root causes first, each with its evidence, ranked hypotheses and the
// actions the board can offer. Built by lib/diagnosis (pure) from an observation.

export const causeKindSchema = z.enum([
  "docker-unreachable",
  "engine-unreachable",
  "container-missing",
  "container-gone",
  "container-not-started",
  "container-exited",
  "container-oom-killed",
  "container-restarting",
  "container-unhealthy",
  "container-paused",
  "prometheus-unreachable",
  "prometheus-not-ready",
  "prometheus-config-error",
  "target-down",
  "metrics-endpoint-unreachable",
  "metrics-endpoint-http-error",
  "metric-family-missing",
  "panel-query-error",
  "rule-evaluation-failing",
  // Swarm (lib/diagnosis/service-causes.ts)
  "service-degraded",
  "service-task-failing",
  "node-down",
  "swarm-unavailable",
]);
export type CauseKind = z.infer<typeof causeKindSchema>;

export const causeRefSchema = z.object({ kind: causeKindSchema, subject: z.string() });
export type CauseRef = z.infer<typeof causeRefSchema>;

export const evidenceSchema = z.object({ label: z.string(), value: z.string() });
export type Evidence = z.infer<typeof evidenceSchema>;

export const hypothesisSchema = z.object({
  text: z.string(),
  likelihood: z.enum(["likely", "possible", "unlikely"]),
  /** The facts that support it, in words. */
  evidence: z.array(z.string()),
});
export type Hypothesis = z.infer<typeof hypothesisSchema>;

/** Buttons that act on a Swarm service (POST /api/services/{service}/restart); named apart from the container ones. */
export const serviceCauseActions = ["restart-service"] as const;

export const actionSchema = z.object({
  /**
   * `start`, `restart` and `set-restart-policy` (a container) and `restart-service` (a Swarm service) are buttons on
   * the board; `advice` is a step for a person.
   */
  kind: z.enum([...containerActions, ...serviceCauseActions, "advice"]),
  label: z.string(),
  container: z.string().nullable(),
  /** For set-restart-policy: the policy to set. */
  policy: restartPolicySchema.nullable(),
  /** For restart-service: the service's name. Absent on container actions and in boards written before it existed. */
  service: z.string().optional(),
});
export type Action = z.infer<typeof actionSchema>;

/** A fact a cause's words are made from (docs/board-json.md lists them per kind). */
export const causeParamSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

/** A group's members: how many, and the first MEMBER_SUBJECTS of their subjects (sorted). */
export const causeMembersSchema = z.object({ count: z.number().int(), subjects: z.array(z.string()) });
export type CauseMembers = z.infer<typeof causeMembersSchema>;

export const causeSchema = z.object({
  kind: causeKindSchema,
  /** Container name, endpoint name, target scrapeUrl, metric name, dashboard uid, or a group's key. */
  subject: z.string(),
  /** The facts the title, detail and summary are written from; empty in boards stored before they existed. */
  params: z.record(z.string(), causeParamSchema).default({}),
  title: z.string(),
  detail: z.string(),
  /** When it began, where known (ISO 8601), and the same in words ("22 minutes ago, 04:11 UTC"). */
  since: z.string().nullable(),
  sinceText: z.string().nullable(),
  /** A root cause is a failure nothing below it explains. */
  root: z.boolean(),
  /** The root cause that explains this one, when it is not a root. */
  explainedBy: causeRefSchema.nullable(),
  evidence: z.array(evidenceSchema),
  hypotheses: z.array(hypothesisSchema),
  actions: z.array(actionSchema),
  /**
   * Present on a group: causes of one kind that share a job, Compose project, image and exit code, or exporter become
   * one cause whose `subject` is the group's key (`job:fleet`, `compose:auren`), stable as members join and leave.
   */
  members: causeMembersSchema.optional(),
});
export type Cause = z.infer<typeof causeSchema>;

export const stackStatusSchema = z.enum(["ok", "degraded", "down"]);
export type StackStatus = z.infer<typeof stackStatusSchema>;

export const summarySchema = z.object({
  headline: z.string(),
  /** What people cannot see or do, one sentence per item. */
  impact: z.array(z.string()),
  /** Root causes first, then the failures they explain. */
  causes: z.array(causeSchema),
});
export type Summary = z.infer<typeof summarySchema>;
