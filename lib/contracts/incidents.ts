import { z } from "zod";
import { causeKindSchema } from "./diagnosis";

// The JSON of GET /api/incidents, /api/incidents/{id} and /api/uptime (docs/incidents.md). Words in the reader's locale.

export const incidentRootCauseSchema = z.object({
  kind: causeKindSchema,
  /** Stable key: `local/<container>` for a container, else the cause's subject (endpoint, target, metric, uid). */
  subject: z.string(),
  title: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** Still a root cause in the latest collection. */
  active: z.boolean(),
});

export const incidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(["open", "resolved"]),
  worstStatus: z.enum(["degraded", "down"]),
  impactStartedAt: z.string(),
  detectedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgeNote: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  rootCauses: z.array(incidentRootCauseSchema),
  /** Measured from impactStartedAt (docs/incidents.md); null while it has not happened. */
  timeToDetectMs: z.number(),
  timeToAcknowledgeMs: z.number().nullable(),
  timeToResolveMs: z.number().nullable(),
  /** The maintenance windows that held it while it was open (nobody was notified then). */
  maintenance: z
    .array(
      z.object({ id: z.string(), reason: z.string(), from: z.string(), until: z.string(), containers: z.array(z.string()).nullable() }),
    )
    .default([]),
});
export type IncidentView = z.infer<typeof incidentSchema>;

export const incidentTimelineEntrySchema = z.object({ time: z.string(), kind: z.string(), text: z.string() });

export const incidentDetailSchema = incidentSchema.extend({ timeline: z.array(incidentTimelineEntrySchema) });
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const incidentListSchema = z.object({ incidents: z.array(incidentSchema), next: z.string().nullable() });
export type IncidentList = z.infer<typeof incidentListSchema>;

export const acknowledgeBodySchema = z.object({ note: z.string().max(2000).default("") });

export const uptimeWindowSchema = z.object({
  /** Share of the known time the stack was ok, 0..1; null when nothing in the window is known. */
  stack: z.number().nullable(),
  containers: z.record(z.string(), z.number().nullable()),
  dashboards: z.record(z.string(), z.number().nullable()),
  /** Time in the window nobody watched (or before anything was recorded), left out of the shares. */
  unknownMs: z.number(),
  /** Time in the window inside a maintenance window, also left out of the shares. */
  maintenanceMs: z.number().default(0),
});
export type UptimeWindow = z.infer<typeof uptimeWindowSchema>;

export const uptimeSummarySchema = z.object({
  "24h": uptimeWindowSchema,
  "7d": uptimeWindowSchema,
  "30d": uptimeWindowSchema,
  "90d": uptimeWindowSchema,
});
