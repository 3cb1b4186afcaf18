import type { CauseKind, StackStatus } from "@/lib/contracts/diagnosis";
import type { Params } from "@/lib/messages/types";
import type { ImpactStatus, IncidentEvent, IncidentRecord, RootCauseRecord, TrackerState } from "./types";

// The incident rules, pure: one collection's verdict in, the tracker's next state and what to store out. An incident
// opens after `openAfter` consecutive collections that are not ok and resolves after `resolveAfter` ok ones; inside
// that window a flapping stack stays one incident. Identity is kind + key, never words.

/** More root causes than this (thousands of flapping containers) are not recorded one by one; the rest is counted. */
export const MAX_ROOT_CAUSES = 200;
/** At most this many cause-added/removed lines per collection; the rest is counted in one line. */
export const MAX_CAUSE_EVENTS = 50;

export interface CollectedCause {
  kind: CauseKind;
  key: string;
  params: Params;
  /** The earliest evidence the cause carries (a container's finishedAt, a target's last successful scrape). */
  since: string | null;
}

export interface CollectionVerdict {
  at: string;
  status: StackStatus;
  /** Root causes, worst first (the diagnosis's order). */
  causes: CollectedCause[];
}

export interface IncidentRules {
  openAfter: number;
  resolveAfter: number;
}

export interface TrackResult {
  tracker: TrackerState;
  /** The open (or just resolved) incident after this collection, or null when there is none. */
  incident: IncidentRecord | null;
  /** Whether `incident` is new (create) or an existing one (update). */
  created: boolean;
  events: IncidentEvent[];
}

const rank = { ok: 0, degraded: 1, down: 2 } as const;
const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

export function trackCollection(
  tracker: TrackerState,
  open: IncidentRecord | null,
  verdict: CollectionVerdict,
  rules: IncidentRules,
  newId: () => string,
): TrackResult {
  const { at, status } = verdict;
  const bad = status !== "ok";
  const evidence = verdict.causes.reduce<string | null>((first, cause) => earlier(first, cause.since), null);
  const next: TrackerState = {
    ...tracker,
    badStreak: bad ? tracker.badStreak + 1 : 0,
    okStreak: bad ? 0 : tracker.okStreak + 1,
    firstBadAt: bad ? (tracker.firstBadAt ?? at) : open ? tracker.firstBadAt : null,
    earliestEvidenceAt: bad ? earlier(tracker.earliestEvidenceAt, evidence) : open ? tracker.earliestEvidenceAt : null,
    lastStatus: status,
    statusBeforeBad: bad ? (tracker.badStreak > 0 ? tracker.statusBeforeBad : tracker.lastStatus) : null,
    lastCollectionAt: at,
  };
  if (!open) {
    if (!bad || next.badStreak < rules.openAfter) return { tracker: next, incident: null, created: false, events: [] };
    return openIncident(next, verdict, newId());
  }
  const events: IncidentEvent[] = [];
  if (tracker.lastStatus !== status) events.push({ time: at, kind: "status-changed", params: { from: tracker.lastStatus, to: status } });
  const incident: IncidentRecord = { ...open, rootCauses: mergeCauses(open.rootCauses, verdict, events) };
  // The title follows the headline cause while the stack is at its worst (its facts, such as "8 seconds ago", stay
  // current); a better moment never replaces it.
  if (bad && rank[status] >= rank[incident.worstStatus]) {
    incident.worstStatus = status as ImpactStatus;
    incident.title = titleOf(verdict, status as ImpactStatus);
  }
  if (!bad && next.okStreak >= rules.resolveAfter) {
    incident.status = "resolved";
    incident.resolvedAt = at;
    events.push({ time: at, kind: "resolved", params: { okCollections: next.okStreak } });
    return { tracker: { ...next, firstBadAt: null, earliestEvidenceAt: null }, incident, created: false, events };
  }
  return { tracker: next, incident, created: false, events };
}

function titleOf(verdict: CollectionVerdict, status: ImpactStatus): IncidentRecord["title"] {
  const headline = verdict.causes[0];
  return { kind: headline?.kind ?? null, params: headline?.params ?? {}, status };
}

function openIncident(tracker: TrackerState, verdict: CollectionVerdict, id: string): TrackResult {
  const status = verdict.status as ImpactStatus;
  const detectedAt = verdict.at;
  const impactStartedAt = earlier(tracker.earliestEvidenceAt, tracker.firstBadAt) ?? detectedAt;
  const events: IncidentEvent[] = [
    { time: impactStartedAt, kind: "status-changed", params: { from: tracker.statusBeforeBad, to: status } },
    { time: detectedAt, kind: "opened", params: { status, collections: tracker.badStreak } },
  ];
  const incident: IncidentRecord = {
    id,
    status: "open",
    title: titleOf(verdict, status),
    worstStatus: status,
    impactStartedAt,
    detectedAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgeNote: null,
    resolvedAt: null,
    rootCauses: [],
  };
  incident.rootCauses = mergeCauses([], verdict, events);
  return { tracker, incident, created: true, events };
}

/** Causes join (first seen now) and leave (inactive, last seen kept); a returning cause keeps its first sighting. */
function mergeCauses(known: RootCauseRecord[], verdict: CollectionVerdict, events: IncidentEvent[]): RootCauseRecord[] {
  const { at } = verdict;
  const byId = new Map(known.map((cause) => [`${cause.kind} ${cause.key}`, { ...cause }]));
  const seen = new Set<string>();
  let eventCount = 0;
  let unrecorded = 0;
  const note = (event: IncidentEvent) => {
    if (eventCount++ < MAX_CAUSE_EVENTS) events.push(event);
  };
  for (const cause of verdict.causes) {
    const id = `${cause.kind} ${cause.key}`;
    seen.add(id);
    const existing = byId.get(id);
    if (existing) {
      if (!existing.active) note({ time: at, kind: "cause-added", params: { kind: cause.kind, key: cause.key, again: true } });
      Object.assign(existing, { params: cause.params, lastSeenAt: at, active: true });
    } else if (byId.size < MAX_ROOT_CAUSES) {
      byId.set(id, { kind: cause.kind, key: cause.key, params: cause.params, firstSeenAt: at, lastSeenAt: at, active: true });
      note({ time: at, kind: "cause-added", params: { kind: cause.kind, key: cause.key, again: false } });
    } else unrecorded += 1;
  }
  for (const [id, cause] of byId) {
    if (cause.active && !seen.has(id)) {
      cause.active = false;
      note({ time: at, kind: "cause-removed", params: { kind: cause.kind, key: cause.key } });
    }
  }
  if (eventCount > MAX_CAUSE_EVENTS || unrecorded > 0) {
    events.push({ time: at, kind: "cause-added", params: { skippedEvents: Math.max(0, eventCount - MAX_CAUSE_EVENTS), unrecorded } });
  }
  return [...byId.values()];
}
