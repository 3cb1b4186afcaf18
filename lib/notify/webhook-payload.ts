import type { NotifyMessage } from "./types";

// The `webhook` channel's JSON (docs/notifications.md): the incident's fields as GET /api/incidents/{id} names
// them. A public contract: add fields, never rename them.

export function webhookPayload(message: NotifyMessage, sentAt: Date) {
  const { incident } = message;
  return {
    event: message.event,
    incident: {
      id: incident.id,
      url: incident.url,
      status: incident.status,
      worstStatus: incident.worstStatus,
      title: incident.title,
      impactStartedAt: incident.impactStartedAt,
      detectedAt: incident.detectedAt,
      resolvedAt: incident.resolvedAt,
      rootCauses: incident.rootCauses.map(({ kind, subject, title, members }) => ({ kind, subject, title, members })),
      dashboards: incident.dashboards,
      timeToDetectMs: incident.timeToDetectMs,
    },
    sentAt: sentAt.toISOString(),
  };
}
