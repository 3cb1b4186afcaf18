import { z } from "zod";

// JSON of the routes that change or prove things: actions, verify runs, the audit log and the session.

/** Each role may do what the ones before it may. */
export const roles = ["viewer", "operator", "admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const sessionSchema = z.object({
  signedIn: z.boolean(),
  name: z.string().nullable(),
  role: roleSchema.nullable(),
  /** What this board requires: sign-in to read (false when publicRead), and whether a generated local token is in use. */
  publicRead: z.boolean(),
  generatedToken: z.boolean(),
  expiresAt: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;

export const containerActions = ["restart", "start", "set-restart-policy"] as const;
export const containerActionSchema = z.enum(containerActions);
export type ContainerAction = z.infer<typeof containerActionSchema>;

/** Docker's restart policies. */
export const restartPolicySchema = z.enum(["no", "always", "unless-stopped", "on-failure"]);
export type RestartPolicy = z.infer<typeof restartPolicySchema>;

export const restartPolicyRequestSchema = z.strictObject({
  name: restartPolicySchema,
  maximumRetryCount: z.number().int().min(0).max(1000).optional(),
});
export type RestartPolicyRequest = z.infer<typeof restartPolicyRequestSchema>;

export const actionResultSchema = z.object({
  container: z.string(),
  action: containerActionSchema,
  outcome: z.enum(["done", "already-running"]),
  message: z.string(),
  requestId: z.string(),
  /** Offered after every action: prove the fix with a verify run. */
  verifyUrl: z.string(),
});
export type ActionResult = z.infer<typeof actionResultSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  time: z.string(),
  actor: z.string(),
  role: z.string(),
  /** `{entity}.{verb}`: container.restart, container.start, container.set-restart-policy, session.create, snapshot.create ... */
  action: z.string(),
  subject: z.string(),
  requestId: z.string(),
  /** started (written before the change: fail closed), ok, error, denied. */
  result: z.enum(["started", "ok", "error", "denied"]),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const verifyStepStatusSchema = z.enum(["pending", "running", "passed", "failed", "skipped"]);
export type VerifyStepStatus = z.infer<typeof verifyStepStatusSchema>;

export const verifyStepSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: verifyStepStatusSchema,
  /** The fact that decided it, or why it was skipped. */
  detail: z.string().nullable(),
  dependsOn: z.array(z.string()),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type VerifyStep = z.infer<typeof verifyStepSchema>;

export const verifyRunSchema = z.object({
  id: z.string(),
  actor: z.string(),
  status: z.enum(["running", "passed", "failed"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(verifyStepSchema),
});
export type VerifyRun = z.infer<typeof verifyRunSchema>;

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
