import { durationWords } from "@/lib/incidents/duration-words";
import { makeRenderer } from "@/lib/messages/render-board";
import type { NotifyMessage } from "./types";

// The sentences every chat message is built from, in the message's language (lib/messages notify-*.ts): the same
// words for Slack, Teams and Discord, so the three cannot say different things.

/** Chat platforms cut long messages; we cut first, and say so with an ellipsis. */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`);

/** At most this many root causes and members are named in one message; a storm is one message, not a wall. */
const MAX_CAUSES = 10;
const MAX_MEMBERS = 8;

export interface MessageText {
  headline: string;
  statusLabel: string;
  status: string;
  impactLabel: string;
  impactStartedAt: string;
  detected: string;
  causesLabel: string;
  causes: string[];
  dashboardsLabel: string;
  dashboards: string[];
  linkLabel: string;
  url: string | null;
}

export function messageText(message: NotifyMessage, now: Date): MessageText {
  const { text } = makeRenderer(message.locale, now);
  const { incident, event } = message;
  const t = (key: string, params: Record<string, string | number | null> = {}) => text({ key, params });
  const status = incident.status === "resolved" ? "resolved" : incident.worstStatus;
  const causes = incident.rootCauses.slice(0, MAX_CAUSES).map((cause) => {
    if (cause.members.length === 0) return cause.title;
    const shown = cause.members.slice(0, MAX_MEMBERS);
    const list = `${shown.join(", ")}${cause.members.length > shown.length ? ", …" : ""}`;
    return `${cause.title} (${t("notify.members", { count: cause.members.length, list })})`;
  });
  if (incident.rootCauses.length > MAX_CAUSES) causes.push(`… +${incident.rootCauses.length - MAX_CAUSES}`);
  return {
    headline: t(`notify.event.${event}`, { title: incident.title, by: incident.acknowledgedBy }),
    statusLabel: t("notify.status"),
    status: t(`notify.status.${status}`),
    impactLabel: t("notify.impact-started"),
    impactStartedAt: incident.impactStartedAt,
    detected: t("notify.detected-after", { duration: durationWords(incident.timeToDetectMs, message.locale) }),
    causesLabel: t("notify.root-causes"),
    causes,
    dashboardsLabel: t("notify.dashboards"),
    dashboards: incident.dashboards.slice(0, MAX_CAUSES).map((dashboard) => dashboard.title),
    linkLabel: t("notify.open-link"),
    url: incident.url,
  };
}

/** Red while down, amber while degraded, green once resolved, grey for a test. */
export function colorOf(message: NotifyMessage): "down" | "degraded" | "resolved" | "test" {
  if (message.event === "test") return "test";
  if (message.incident.status === "resolved") return "resolved";
  return message.incident.worstStatus;
}
