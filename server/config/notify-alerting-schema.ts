import { z } from "zod";

// The cascade.yaml keys of the Alertmanager channel, the heartbeat (dead man's switch) and `server.publicUrl`
// (docs/configuration.md, docs/notifications.md). Kept apart from schema.ts so that the other channel types
// (webhook, slack, teams, discord) merge in beside them.

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
  on: z.array(z.enum(["opened", "changed", "acknowledged", "resolved"])).optional(),
  minStatus: z.enum(["degraded", "down"]).default("degraded"),
  only: channelOnlySchema.optional(),
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

/** `notify:` – the part the Alertmanager channel and the heartbeat need (the lead merges the other channel types in). */
export const notifySchema = z.strictObject({
  channels: z.array(alertmanagerChannelSchema).default([]),
  /** The `stack` label of every alert; default: the host name. */
  stack: z.string().min(1).max(200).optional(),
  heartbeat: heartbeatSchema.optional(),
});
export type NotifyConfig = z.infer<typeof notifySchema>;

/** `server:` – how the board is reached from outside; without publicUrl, messages carry no links. */
export const serverSchema = z.strictObject({
  publicUrl: httpUrl.optional(),
});

/** Cross-key checks: unique channel names, and a heartbeat that names an alertmanager channel that exists. */
export function checkNotify(notify: NotifyConfig | undefined, ctx: z.RefinementCtx) {
  if (!notify) return;
  const names = new Set<string>();
  notify.channels.forEach((channel, index) => {
    if (names.has(channel.name)) {
      ctx.addIssue({ code: "custom", path: ["notify", "channels", index, "name"], message: `"${channel.name}" is listed twice` });
    }
    names.add(channel.name);
  });
  const target = notify.heartbeat?.alertmanager;
  if (target !== undefined && !notify.channels.some((channel) => channel.name === target && channel.type === "alertmanager")) {
    ctx.addIssue({
      code: "custom",
      path: ["notify", "heartbeat", "alertmanager"],
      message: `"${target}" is not the name of an alertmanager channel`,
    });
  }
}
