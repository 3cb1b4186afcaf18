import type { IncidentDetail, IncidentView } from "@/lib/contracts/incidents";
import { makeRenderer, storedCauseTemplates } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import type { IncidentEvent, IncidentRecord } from "./types";

// An incident's stored facts -> the JSON of /api/incidents in one locale. Durations are measured from the impact start.

const since = (start: string, end: string | null) => (end ? Math.max(0, Date.parse(end) - Date.parse(start)) : null);

export function renderIncident(incident: IncidentRecord, locale: Locale, now: Date = new Date()): IncidentView {
  const { catalogue, words, text } = makeRenderer(locale, now);
  const title = incident.title.kind
    ? storedCauseTemplates(catalogue, incident.title.kind, incident.title.params).title(incident.title.params, words)
    : text({ key: "incident.title.fallback", params: { status: incident.title.status } });
  return {
    id: incident.id,
    title,
    status: incident.status,
    worstStatus: incident.worstStatus,
    impactStartedAt: incident.impactStartedAt,
    detectedAt: incident.detectedAt,
    acknowledgedAt: incident.acknowledgedAt,
    acknowledgedBy: incident.acknowledgedBy,
    acknowledgeNote: incident.acknowledgeNote,
    resolvedAt: incident.resolvedAt,
    rootCauses: incident.rootCauses.map((cause) => ({
      kind: cause.kind,
      subject: cause.key,
      title: storedCauseTemplates(catalogue, cause.kind, cause.params).title(cause.params, words),
      firstSeenAt: cause.firstSeenAt,
      lastSeenAt: cause.lastSeenAt,
      active: cause.active,
    })),
    timeToDetectMs: since(incident.impactStartedAt, incident.detectedAt) ?? 0,
    timeToAcknowledgeMs: since(incident.impactStartedAt, incident.acknowledgedAt),
    timeToResolveMs: since(incident.impactStartedAt, incident.resolvedAt),
    maintenance: incident.maintenance ?? [],
  };
}

export function renderTimeline(events: IncidentEvent[], locale: Locale, now: Date = new Date()): IncidentDetail["timeline"] {
  const { text } = makeRenderer(locale, now);
  return events.map((event) => {
    const key =
      event.kind === "cause-added" && event.params.skippedEvents !== undefined
        ? "incident.event.causes-skipped"
        : `incident.event.${event.kind}`;
    return { time: event.time, kind: event.kind, text: text({ key, params: event.params }) };
  });
}

export function renderIncidentDetail(incident: IncidentRecord, events: IncidentEvent[], locale: Locale, now = new Date()): IncidentDetail {
  return { ...renderIncident(incident, locale, now), timeline: renderTimeline(events, locale, now) };
}
