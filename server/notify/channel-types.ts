import "server-only";
import type { NotifyMessage } from "@/lib/notify/types";
import type { ChannelConfig } from "@/server/config/notify-schema";
import { processSingleton } from "@/server/process-singleton";

// The registry of channel types this process can send to: type -> sender. The delivery queue only enqueues and
// sends for types registered here; a type another module owns (`alertmanager`, which resends alerts on its own
// schedule) registers itself, or is left alone.

export interface Outgoing {
  /** The X-Cascade-Delivery id: the same for every attempt of one message. */
  deliveryId: string;
  incidentId: string;
  message: NotifyMessage;
  /** The platform's id of an earlier message of this incident on this channel (Discord edits it in place). */
  remoteId: string | null;
}

export type SendResult = { ok: true; answer: string; remoteId?: string | null } | { ok: false; answer: string };

export interface ChannelSender {
  send(outgoing: Outgoing, channel: ChannelConfig, now: Date): Promise<SendResult>;
}

const senders = () => processSingleton("notify-channel-types", () => new Map<string, ChannelSender>());

/** Adds (or replaces) the sender of a channel type. */
export function registerChannelType(type: ChannelConfig["type"], sender: ChannelSender) {
  senders().set(type, sender);
}

export function senderOf(type: string): ChannelSender | undefined {
  return senders().get(type);
}
