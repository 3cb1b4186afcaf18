import type { Finding } from "@/lib/diagnosis/types";
import { renderIncident } from "@/lib/incidents/render-incident";
import type { IncidentRecord } from "@/lib/incidents/types";
import { causeKey } from "@/lib/incidents/verdict";
import type { Locale } from "@/lib/messages/types";
import type { NotifyIncident, NotifyMessage, TouchedParts } from "./types";

// An incident's stored facts (and, while it is open, the latest diagnosis's group members and failing dashboards)
// -> the incident as a notification carries it, in the channel's language.

/** What the latest diagnosis adds: each root cause's members (`kind key` -> subjects) and the dashboards not ok. */
export interface IncidentExtras {
  members: Record<string, string[]>;
  dashboards: { uid: string; title: string }[];
}

export const NO_EXTRAS: IncidentExtras = { members: {}, dashboards: [] };

export function extrasOf(findings: Finding[], dashboards: { uid: string; title: string; status: string }[]): IncidentExtras {
  const members: Record<string, string[]> = {};
  for (const finding of findings) {
    if (finding.root && finding.members) members[`${finding.kind} ${causeKey(finding.kind, finding.subject)}`] = finding.members.subjects;
  }
  const failing = dashboards.filter((dashboard) => dashboard.status === "degraded" || dashboard.status === "down");
  return { members, dashboards: failing.map(({ uid, title }) => ({ uid, title })) };
}

/** What an earlier message said (a resolved incident has no diagnosis left naming its group members). */
export function extrasOfMessage(message: NotifyMessage | undefined): IncidentExtras {
  if (!message) return NO_EXTRAS;
  const members: Record<string, string[]> = {};
  for (const cause of message.incident.rootCauses) if (cause.members.length > 0) members[`${cause.kind} ${cause.subject}`] = cause.members;
  return { members, dashboards: message.incident.dashboards };
}

/** The containers, dashboards and jobs the incident's root causes touch (for a channel's `only`). */
export function touchedParts(incident: IncidentRecord, extras: IncidentExtras): TouchedParts {
  const containers = new Set<string>();
  const jobs = new Set<string>();
  for (const cause of incident.rootCauses) {
    const members = extras.members[`${cause.kind} ${cause.key}`] ?? [];
    if (cause.kind.startsWith("container-")) {
      if (!cause.key.includes(":")) containers.add(cause.key.replace(/^[^/]+\//, ""));
      for (const member of members) containers.add(member);
    }
    if (typeof cause.params.container === "string") containers.add(cause.params.container);
    if (typeof cause.params.job === "string") jobs.add(cause.params.job);
    if (cause.key.startsWith("job:")) jobs.add(cause.key.slice(4));
  }
  return { containers: [...containers], dashboards: extras.dashboards.map((dashboard) => dashboard.uid), jobs: [...jobs] };
}

export function notifyIncidentOf(
  incident: IncidentRecord,
  extras: IncidentExtras,
  locale: Locale,
  publicUrl: string | null,
  now: Date,
): NotifyIncident {
  const view = renderIncident(incident, locale, now);
  const active = view.rootCauses.filter((cause) => cause.active);
  const causes = active.length > 0 ? active : view.rootCauses;
  return {
    id: view.id,
    url: publicUrl ? `${publicUrl.replace(/\/+$/, "")}/incidents/${encodeURIComponent(view.id)}` : null,
    status: view.status,
    worstStatus: view.worstStatus,
    title: view.title,
    impactStartedAt: view.impactStartedAt,
    detectedAt: view.detectedAt,
    resolvedAt: view.resolvedAt,
    acknowledgedBy: view.acknowledgedBy,
    rootCauses: causes.map((cause) => ({
      kind: cause.kind,
      subject: cause.subject,
      title: cause.title,
      members: extras.members[`${cause.kind} ${cause.subject}`] ?? [],
    })),
    dashboards: extras.dashboards,
    timeToDetectMs: view.timeToDetectMs,
  };
}
