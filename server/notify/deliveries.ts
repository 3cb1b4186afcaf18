import "server-only";
import crypto from "node:crypto";
import type { Delivery, DeliveryList, NotifyTestResult } from "@/lib/contracts/notify";
import { makeRenderer } from "@/lib/messages/render-board";
import type { NotifyMessage } from "@/lib/notify/types";
import type { Principal } from "@/server/auth/credentials";
import { getSettings } from "@/server/config";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";
import type { DeliveryRecord } from "@/server/store/notify-store";
import { senderOf } from "./channel-types";
import { getNotifier } from "./index";
import { redactChannelText, redactedUrl } from "./redact-channel";

// What the routes read and do: the deliveries of an incident (no URL, no secret) and a test message to a channel
// named in the config (never a URL from a request).

export async function listDeliveries(options: { incident?: string; limit?: number }): Promise<DeliveryList> {
  const { config } = getSettings();
  const types = new Map(config.notify.channels.map((channel) => [channel.name, channel.type]));
  const rows = await getStore().listDeliveries({ incidentId: options.incident, limit: options.limit ?? 100 });
  const secrets = getNotifier().secrets;
  return { deliveries: rows.map((row) => deliveryView(row, types.get(row.channel) ?? "unknown", secrets)) };
}

function deliveryView(row: DeliveryRecord, type: string, secrets: string[]): Delivery {
  return {
    id: row.id,
    incident: row.incidentId,
    channel: row.channel,
    type,
    event: row.event,
    status: row.status,
    createdAt: row.createdAt,
    attempts: row.attempts,
    lastAttemptAt: row.lastAttemptAt,
    sentAt: row.sentAt,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
    answer: row.answer === null ? null : redactChannelText(row.answer, secrets),
  };
}

/** Sends one test message to the named channel now (not queued: the answer is the point), audited. */
export async function sendTestMessage(channelName: string, principal: Principal, requestId: string): Promise<NotifyTestResult> {
  const { config } = getSettings();
  const { secrets } = getNotifier();
  const channel = config.notify.channels.find((candidate) => candidate.name === channelName);
  if (!channel) throw new AppError("not_found", `No channel "${channelName}" in cascade.yaml (notify.channels).`, 404);
  const sender = senderOf(channel.type);
  if (!sender) throw new AppError("unsupported", `Channel type "${channel.type}" cannot send a test message here.`, 400);
  const store = getStore();
  const audit = { actor: principal.name, role: principal.role, action: "notify.test", subject: channel.name, requestId };
  await store.appendAudit({ ...audit, result: "started", detail: null });
  const now = new Date();
  const deliveryId = `test.${crypto.randomUUID()}.${channel.name}`;
  const title = makeRenderer(channel.locale, now).text({ key: "notify.event.test", params: {} });
  const message: NotifyMessage = {
    event: "test",
    locale: channel.locale,
    incident: {
      id: "test",
      url: config.server.publicUrl ? `${config.server.publicUrl.replace(/\/+$/, "")}/incidents` : null,
      status: "resolved",
      worstStatus: "degraded",
      title,
      impactStartedAt: now.toISOString(),
      detectedAt: now.toISOString(),
      resolvedAt: now.toISOString(),
      acknowledgedBy: null,
      rootCauses: [],
      dashboards: [],
      timeToDetectMs: 0,
    },
  };
  const result = await sender
    .send({ deliveryId, incidentId: "test", message, remoteId: null }, channel, now)
    .catch((error: unknown) => ({ ok: false as const, answer: error instanceof Error ? error.message : String(error) }));
  const answer = redactChannelText(result.answer, secrets);
  await store.appendAudit({ ...audit, result: result.ok ? "ok" : "error", detail: answer.slice(0, 200) });
  return { channel: channel.name, type: channel.type, target: redactedUrl(channel), ok: result.ok, answer, deliveryId };
}

/** Channels that keep failing (three attempts or more of their latest delivery in the last hour): a warning about Cascade. */
export async function failingChannels(now = new Date()) {
  const { config } = getSettings();
  if (config.notify.channels.length === 0) return [];
  const secrets = getNotifier().secrets;
  const rows = await getStore().listFailingChannels(new Date(now.getTime() - 3_600_000), 3);
  return rows.map((row) => ({ ...row, answer: row.answer === null ? null : redactChannelText(row.answer, secrets) }));
}
