import type { CauseKind } from "@/lib/contracts/diagnosis";

// What notifications are made of, word-free where it can be (docs/notifications.md). Pure and browser-safe.

export type NotifyEvent = "opened" | "changed" | "acknowledged" | "resolved" | "test";
export type ChannelEvent = Exclude<NotifyEvent, "test">;

/** What a channel is set to hear (cascade.yaml `notify.channels[]`, without its URL and secret). */
export interface ChannelRule {
  name: string;
  type: string;
  on: readonly ChannelEvent[];
  minStatus: "degraded" | "down";
  only?: { containers?: string[]; dashboards?: string[]; jobs?: string[] };
}

/** The parts of the stack an incident's root causes touch (for `only`). */
export interface TouchedParts {
  containers: string[];
  dashboards: string[];
  jobs: string[];
}

/** What was last announced to one channel about one incident (stored: a restart continues from it). */
export interface AnnouncedState {
  event: ChannelEvent;
  /** Deliveries enqueued for this incident and channel so far (the sequence of the last one). */
  sequence: number;
  /** The root causes (`kind key`, sorted) the channel last heard of. */
  causeKeys: string[];
  acknowledged: boolean;
  /** When the last opened/changed was enqueued: `changed` waits notify.minIntervalMs after it. */
  changedAt: string;
  /** Nothing was enqueued when it was recorded (the channel does not hear `opened`), but it follows the incident. */
  silent?: boolean;
}

/** The incident as a notification carries it: the fields of GET /api/incidents/{id}, plus its link. */
export interface NotifyIncident {
  id: string;
  /** `<server.publicUrl>/incidents/<id>`, or null when server.publicUrl is not set. */
  url: string | null;
  status: "open" | "resolved";
  worstStatus: "degraded" | "down";
  title: string;
  impactStartedAt: string;
  detectedAt: string;
  resolvedAt: string | null;
  acknowledgedBy: string | null;
  rootCauses: { kind: CauseKind; subject: string; title: string; members: string[] }[];
  dashboards: { uid: string; title: string }[];
  timeToDetectMs: number;
}

/** The body of one delivery, fixed when it is enqueued (a retry sends the same facts). */
export interface NotifyMessage {
  event: NotifyEvent;
  incident: NotifyIncident;
  /** The channel's language. */
  locale: "en" | "de";
}

export type DeliveryStatus = "pending" | "sent" | "failed";

/** The stable id of a delivery (the X-Cascade-Delivery header): the same for a repeat of the same message. */
export const deliveryId = (incident: string, event: ChannelEvent, sequence: number, channel: string) =>
  `${incident}.${event}.${sequence}.${channel}`;
