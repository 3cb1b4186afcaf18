import { z } from "zod";

// The cascade.yaml keys of the Alertmanager channel and the heartbeat (dead man's switch); notify-schema.ts puts
// them beside the other channel types (webhook, slack, teams, discord) under `notify:`.

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), { message: "must be an http:// or https:// URL" });

const channelName = z.string().regex(/^[\w.-]{1,64}$/, { message: "must be 1-64 letters, digits, or . _ -" });

/** `only:` – hear only incidents whose root causes touch these parts. */
export const channelOnlySchema = z.strictObject({
  containers: z.array(z.string().min(1)).default([]),
  dashboards: z.array(z.string().min(1)).default([]),
  jobs: z.array(z.string().min(1)).default([]),
});

export const alertmanagerChannelSchema = z.strictObject({
  name: channelName,
  type: z.literal("alertmanager"),
  /** The Alertmanager's base URL (its v2 API is under /api/v2); may come from an environment variable. */
  url: httpUrl,
  /** Accepted for symmetry with the other channels: Alertmanager always hears every event of an incident it hears. */
  on: z.array(z.enum(["opened", "changed", "acknowledged", "resolved"])).default(["opened", "changed", "resolved"]),
  minStatus: z.enum(["degraded", "down"]).default("degraded"),
  only: channelOnlySchema.optional(),
  /** The language of the alerts' summary and description. */
  locale: z.enum(["en", "de"]).default("en"),
});
export type AlertmanagerChannel = z.infer<typeof alertmanagerChannelSchema>;

export const heartbeatSchema = z
  .strictObject({
    /** Called every interval (a dead man's switch service such as healthchecks.io or a cron monitor). */
    url: httpUrl.optional(),
    method: z.enum(["GET", "POST", "HEAD"]).default("GET"),
    intervalMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
    /** The name of an `alertmanager` channel that receives an always-firing `CascadeWatchdog` alert. */
    alertmanager: channelName.optional(),
  })
  .refine((heartbeat) => heartbeat.url !== undefined || heartbeat.alertmanager !== undefined, {
    message: "set url, alertmanager, or both",
  });
export type HeartbeatConfig = z.infer<typeof heartbeatSchema>;

/**
 * A heartbeat that names an alertmanager channel must name one that exists (called by notify-schema.ts, which
 * holds `notify:` with every channel type; channel names are checked there to be unique).
 */
export function checkHeartbeat(notify: { channels: { name: string; type: string }[]; heartbeat?: HeartbeatConfig }, ctx: z.RefinementCtx) {
  const target = notify.heartbeat?.alertmanager;
  if (target !== undefined && !notify.channels.some((channel) => channel.name === target && channel.type === "alertmanager")) {
    ctx.addIssue({
      code: "custom",
      path: ["heartbeat", "alertmanager"],
      message: `"${target}" is not the name of an alertmanager channel`,
    });
  }
}
