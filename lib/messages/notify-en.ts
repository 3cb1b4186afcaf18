import type { Param, Template } from "./types";

// English words of notifications (Slack, Teams, Discord messages), the incident page's deliveries and the board's
// warnings about Cascade itself (keys shared with notify-de.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));

export const notifyMessagesEn = {
  "notify.event.opened": (p) => `Incident opened: ${str(p.title)}`,
  "notify.event.changed": (p) => `Root causes changed: ${str(p.title)}`,
  "notify.event.acknowledged": (p) => `Acknowledged${p.by ? ` by ${str(p.by)}` : ""}: ${str(p.title)}`,
  "notify.event.resolved": (p) => `Resolved: ${str(p.title)}`,
  "notify.event.test": () => "Test message from Cascade: this channel works.",
  "notify.status": () => "Status",
  "notify.status.down": () => "down",
  "notify.status.degraded": () => "degraded",
  "notify.status.resolved": () => "resolved",
  "notify.impact-started": () => "Impact started",
  "notify.detected-after": (p) => `Detected ${str(p.duration)} after the impact started`,
  "notify.root-causes": () => "Root causes",
  "notify.members": (p) => `${str(p.count)} affected: ${str(p.list)}`,
  "notify.dashboards": () => "Dashboards affected",
  "notify.open-link": () => "Open in Cascade",
  "notify.delivery.sent": () => "sent",
  "notify.delivery.pending": () => "pending",
  "notify.delivery.failed": () => "failed",
  "notify.deliveries.title": () => "Notifications",
  "notify.deliveries.empty": () => "No notification was sent for this incident.",
  "notify.deliveries.attempts": (p) => `${str(p.count)} attempt(s)`,
  "notify.warning.channel-failing": (p) =>
    `Cascade cannot reach the notification channel "${str(p.channel)}": ${str(p.failures)} failed attempts, last: ${str(p.answer)}`,
  "incident.event.delivery-failed": (p) =>
    `Notification "${str(p.event)}" to channel ${str(p.channel)} failed after ${str(p.attempts)} attempts: ${str(p.answer)}`,
} satisfies Record<string, Template>;
