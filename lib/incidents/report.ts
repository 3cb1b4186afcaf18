import type { IncidentDetail } from "@/lib/contracts/incidents";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale, Params } from "@/lib/messages/types";

// GET /api/incidents/{id}/report.md: a postmortem draft in the shape of the SRE book's example postmortem (summary,
// impact, root causes, trigger, detection, resolution, action items, timeline), filled from what was recorded.

const minutes = (ms: number | null) => (ms === null ? "?" : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

export function renderIncidentReport(incident: IncidentDetail, locale: Locale, now: Date = new Date()): string {
  const { text } = makeRenderer(locale, now);
  const t = (key: string, params: Params = {}) => text({ key, params });
  const duration = (incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime()) - Date.parse(incident.impactStartedAt);
  const lines = [
    `# ${t("incident.report.title", { title: incident.title })}`,
    "",
    `> ${t("incident.report.draft")}`,
    "",
    `## ${t("incident.report.summary")}`,
    "",
    t("incident.report.summary-text", {
      worst: incident.worstStatus,
      start: incident.impactStartedAt,
      end: incident.resolvedAt,
      duration: minutes(duration),
    }),
    "",
    `## ${t("incident.report.impact")}`,
    "",
    t("incident.report.impact-text"),
    "",
    `## ${t("incident.report.root-causes")}`,
    "",
    ...incident.rootCauses.map(
      (cause) =>
        `- ${cause.title} (\`${cause.kind}\`, \`${cause.subject}\`; ${t("incident.report.first-last", { first: cause.firstSeenAt, last: cause.lastSeenAt })})`,
    ),
    "",
    `## ${t("incident.report.trigger")}`,
    "",
    t("incident.report.trigger-text", { start: incident.impactStartedAt }),
    "",
    `## ${t("incident.report.detection")}`,
    "",
    t("incident.report.detection-text", { detected: incident.detectedAt, ttd: minutes(incident.timeToDetectMs) }),
    t("incident.report.acknowledged-text", {
      at: incident.acknowledgedAt,
      by: incident.acknowledgedBy,
      tta: minutes(incident.timeToAcknowledgeMs),
    }),
    "",
    `## ${t("incident.report.resolution")}`,
    "",
    t("incident.report.resolution-text", { resolved: incident.resolvedAt, ttr: minutes(incident.timeToResolveMs) }),
    "",
    `## ${t("incident.report.action-items")}`,
    "",
    t("incident.report.action-items-text"),
    "",
    `## ${t("incident.report.timeline")}`,
    "",
    ...incident.timeline.map((entry) => `- **${entry.time}** ${entry.text.replace(/\n/g, " ")}`),
    "",
  ];
  return lines.join("\n");
}
