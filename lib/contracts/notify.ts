import { z } from "zod";

// The JSON of POST /api/notify/test and GET /api/notify/deliveries (docs/notifications.md). No channel URL or
// secret is ever part of it.

export const notifyTestBodySchema = z.strictObject({ channel: z.string().min(1).max(64) });

export const notifyTestResultSchema = z.object({
  channel: z.string(),
  type: z.string(),
  /** `https://hooks.slack.com/…`: the scheme and host only. */
  target: z.string(),
  ok: z.boolean(),
  answer: z.string(),
  deliveryId: z.string(),
});
export type NotifyTestResult = z.infer<typeof notifyTestResultSchema>;

export const deliverySchema = z.object({
  id: z.string(),
  incident: z.string(),
  channel: z.string(),
  type: z.string(),
  event: z.enum(["opened", "changed", "acknowledged", "resolved", "test"]),
  status: z.enum(["pending", "sent", "failed"]),
  createdAt: z.string(),
  attempts: z.number().int(),
  lastAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  answer: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryListSchema = z.object({ deliveries: z.array(deliverySchema) });
export type DeliveryList = z.infer<typeof deliveryListSchema>;

export const deliveriesQuerySchema = z.object({
  incident: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** GET /api/board's `cascade.warnings[]`: problems of Cascade itself; they never change the stack's status. */
export const cascadeWarningSchema = z.object({
  kind: z.literal("notify-channel-failing"),
  channel: z.string(),
  failures: z.number().int(),
  at: z.string().nullable(),
  text: z.string(),
});
export type CascadeWarning = z.infer<typeof cascadeWarningSchema>;
export const cascadeWarningsSchema = z.object({ cascade: z.object({ warnings: z.array(cascadeWarningSchema) }).optional() });
