import "server-only";
import crypto from "node:crypto";
import { discordPayload } from "@/lib/notify/discord-payload";
import { slackPayload } from "@/lib/notify/slack-payload";
import { teamsPayload } from "@/lib/notify/teams-payload";
import { webhookPayload } from "@/lib/notify/webhook-payload";
import type { ChannelConfig } from "@/server/config/notify-schema";
import { type ChannelSender, type Outgoing, registerChannelType, type SendResult } from "./channel-types";
import { type SendAnswer, sendRequest } from "./http-send";

// The senders of the four chat and webhook channel types (docs/notifications.md). Each attempt of one message
// carries the same X-Cascade-Delivery id, so a receiver can drop a repeat.

const baseHeaders = (outgoing: Outgoing) => ({
  "content-type": "application/json",
  "user-agent": "Cascade",
  "x-cascade-delivery": outgoing.deliveryId,
  "x-cascade-event": outgoing.message.event,
});

const result = (answer: SendAnswer, remoteId?: string | null): SendResult =>
  answer.ok ? { ok: true, answer: answer.answer, remoteId } : { ok: false, answer: answer.answer };

/** `sha256=<hex HMAC-SHA256 of timestamp + "." + body>`, the X-Cascade-Signature header. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

const webhook: ChannelSender = {
  async send(outgoing, channel, now) {
    const body = JSON.stringify(webhookPayload(outgoing.message, now));
    const headers: Record<string, string> = baseHeaders(outgoing);
    if (channel.type === "webhook" && channel.secret) {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      headers["x-cascade-timestamp"] = timestamp;
      headers["x-cascade-signature"] = signBody(channel.secret, timestamp, body);
    }
    return result(await sendRequest({ method: "POST", url: channel.url, headers, body }));
  },
};

const slack: ChannelSender = {
  async send(outgoing, channel, now) {
    const body = JSON.stringify(slackPayload(outgoing.message, now));
    return result(await sendRequest({ method: "POST", url: channel.url, headers: baseHeaders(outgoing), body }));
  },
};

const teams: ChannelSender = {
  async send(outgoing, channel, now) {
    const body = JSON.stringify(teamsPayload(outgoing.message, now));
    return result(await sendRequest({ method: "POST", url: channel.url, headers: baseHeaders(outgoing), body }));
  },
};

/** The webhook URL with `/messages/<id>` or `wait=true` added, keeping a `thread_id` query it may have. */
function discordUrl(channel: ChannelConfig, messageId: string | null): string {
  const url = new URL(channel.url);
  if (messageId) url.pathname = `${url.pathname.replace(/\/+$/, "")}/messages/${encodeURIComponent(messageId)}`;
  else url.searchParams.set("wait", "true");
  return url.toString();
}

/** The first message of an incident is posted (with ?wait=true, which answers its id); later events edit it. */
const discord: ChannelSender = {
  async send(outgoing, channel, now) {
    const body = JSON.stringify(discordPayload(outgoing.message, now));
    const headers = baseHeaders(outgoing);
    if (outgoing.remoteId && outgoing.message.event !== "opened") {
      const edited = await sendRequest({ method: "PATCH", url: discordUrl(channel, outgoing.remoteId), headers, body });
      // A message deleted in Discord cannot be edited: post a new one instead.
      if (edited.status !== 404) return result(edited, outgoing.remoteId);
    }
    const posted = await sendRequest({ method: "POST", url: discordUrl(channel, null), headers, body });
    let id: string | null = null;
    try {
      const parsed = JSON.parse(posted.body) as { id?: unknown };
      id = typeof parsed.id === "string" ? parsed.id : null;
    } catch {
      id = null;
    }
    return result(posted, id);
  },
};

/** Registers the types this module sends; idempotent. */
export function registerBuiltInChannelTypes() {
  registerChannelType("webhook", webhook);
  registerChannelType("slack", slack);
  registerChannelType("teams", teams);
  registerChannelType("discord", discord);
}
