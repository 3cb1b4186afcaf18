import { z } from "zod";

// The JSON of /api/maintenance (docs/notifications.md#maintenance).

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value), {
  message: "must be an ISO 8601 time such as 2030-01-01T12:00:00Z",
});

export const maintenanceRequestSchema = z.strictObject({
  /** When the window ends; it must be in the future. */
  until: isoTime,
  /** When it starts; default: now. */
  from: isoTime.optional(),
  reason: z.string().trim().min(1, { message: "say why" }).max(500),
  /** The containers in maintenance; without it, the whole stack. */
  containers: z
    .array(z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: "must be a Docker container name" }))
    .min(1)
    .max(500)
    .optional(),
});
export type MaintenanceRequest = z.infer<typeof maintenanceRequestSchema>;

export const maintenanceWindowSchema = z.object({
  id: z.string(),
  from: z.string(),
  until: z.string(),
  reason: z.string(),
  containers: z.array(z.string()).nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Running now (else upcoming). */
  active: z.boolean(),
});
export type MaintenanceWindowView = z.infer<typeof maintenanceWindowSchema>;

export const maintenanceListSchema = z.object({
  windows: z.array(maintenanceWindowSchema),
  /** One line about the running window(s) in the reader's locale, or null when none runs. */
  notice: z.string().nullable(),
});
export type MaintenanceList = z.infer<typeof maintenanceListSchema>;

export const maintenanceEndedSchema = z.object({ ended: z.array(maintenanceWindowSchema) });
