import { z } from "zod";
import { alertmanagerChannelSchema, checkHeartbeat, heartbeatSchema } from "./notify-alerting-schema";

// `notify:` and `server:` of cascade.yaml (docs/notifications.md). Channel URLs and secrets come from environment
// variables (`url: ${SLACK_WEBHOOK_URL}`), like tokens; they are never shown unredacted (server/notify/redact-channel.ts).

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), { message: "must be an http:// or https:// URL" });

export const NOTIFY_EVENTS = ["opened", "changed", "acknowledged", "resolved"] as const;
export const CHANNEL_TYPES = ["webhook", "slack", "teams", "discord", "alertmanager"] as const;

const channelName = z.string().regex(/^[\w.@-]{1,64}$/, { message: "must be 1-64 letters, digits, or . _ @ -" });

const onlySchema = z.strictObject({
  containers: z.array(z.string().min(1)).optional(),
  dashboards: z.array(z.string().min(1)).optional(),
  jobs: z.array(z.string().min(1)).optional(),
});

const channelCommon = {
  name: channelName,
  /** The events this channel hears; `resolved` is sent anyway for an incident it heard `opened` of. */
  on: z.array(z.enum(NOTIFY_EVENTS)).min(1).default(["opened", "changed", "resolved"]),
  /** `down`: the channel hears `opened` only once the incident first reaches down. */
  minStatus: z.enum(["degraded", "down"]).default("degraded"),
  /** Only incidents whose root causes touch one of these parts. */
  only: onlySchema.optional(),
  /** The language of the messages. */
  locale: z.enum(["en", "de"]).default("en"),
};

const channelSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...channelCommon, type: z.literal("webhook"), url: httpUrl, secret: z.string().min(16).optional() }),
  z.strictObject({ ...channelCommon, type: z.literal("slack"), url: httpUrl }),
  z.strictObject({ ...channelCommon, type: z.literal("teams"), url: httpUrl }),
  z.strictObject({ ...channelCommon, type: z.literal("discord"), url: httpUrl }),
  // Its own schedule (server/notify/alertmanager): one alert per open incident, re-sent while open.
  alertmanagerChannelSchema,
]);
export type ChannelConfig = z.infer<typeof channelSchema>;

export const notifySchema = z
  .strictObject({
    channels: z.array(channelSchema).default([]),
    /** At most one `changed` per incident and channel in this time; what changed meanwhile is merged. */
    minIntervalMs: z.number().int().min(0).max(86_400_000).default(60_000),
    /** The `stack` label of Alertmanager alerts; default: the host name. */
    stack: z.string().min(1).max(200).optional(),
    /** A dead man's switch for Cascade itself. */
    heartbeat: heartbeatSchema.optional(),
  })
  .superRefine((notify, ctx) => {
    const names = new Set<string>();
    notify.channels.forEach((channel, index) => {
      if (names.has(channel.name))
        ctx.addIssue({ code: "custom", path: ["channels", index, "name"], message: `"${channel.name}" is listed twice` });
      names.add(channel.name);
    });
    checkHeartbeat(notify, ctx);
  });
export type NotifyConfig = z.infer<typeof notifySchema>;

export const serverSchema = z.strictObject({
  /** Where people reach this board (https://cascade.example.com): links in notifications. Without it, no links. */
  publicUrl: httpUrl.optional(),
});
