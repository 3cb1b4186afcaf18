import type { ImpactStatus, IncidentRecord } from "@/lib/incidents/types";
import {
  type AlertContext,
  type AlertmanagerAlert,
  FIRING_FOR_MS,
  incidentAlert,
  RESEND_EVERY_MS,
  RESOLVED_FOR_MS,
  sameLabels,
} from "./alertmanager";
import { type TouchedParts, touchesAny } from "./alertmanager-parts";

// One round of an Alertmanager channel, pure: the incidents as they are now and what the channel announced before
// (its state, kept in the store) in; the alerts to POST and the next state out. An incident is announced once it
// qualifies (minStatus, only:) and is not held by a maintenance window; from then on it is sent every minute until
// its resolution has been sent successfully for five minutes, whatever happens in between (an acknowledgement, a
// mute). While a window holds it, the alert last sent is kept alive unchanged: nothing new is announced.

export interface AnnouncedIncident {
  /** The firing alert last sent (its labels are its identity in Alertmanager). */
  alert: AlertmanagerAlert;
  /** Label sets it had before (its severity changed): sent ended, for RESOLVED_FOR_MS after their first success. */
  ended: { alert: AlertmanagerAlert; sentAt: string | null }[];
  /** When the resolved alert was first accepted; null while open or not yet accepted. */
  resolvedSentAt: string | null;
}

export interface ChannelState {
  incidents: Record<string, AnnouncedIncident>;
  /** The last POST Alertmanager accepted. */
  lastSentAt: string | null;
  /** Failed POSTs in a row, since when, and the last reason. */
  failures: number;
  failingSince: string | null;
  lastError: string | null;
}

export const emptyChannelState = (): ChannelState => ({
  incidents: {},
  lastSentAt: null,
  failures: 0,
  failingSince: null,
  lastError: null,
});

export interface ChannelRules {
  minStatus: ImpactStatus;
  only?: Partial<TouchedParts>;
}

export interface RoundInput {
  state: ChannelState;
  /** The open incident, if any, and the stack's status in the last collection (ok while it is resolving). */
  open: IncidentRecord | null;
  currentStatus: "ok" | ImpactStatus | null;
  /** The stored incidents the state names (null: no longer stored). */
  known: Record<string, IncidentRecord | null>;
  /** Whether a maintenance window holds this incident now. */
  held: (incident: IncidentRecord) => boolean;
  rules: ChannelRules;
  context: AlertContext;
}

export interface RoundPlan {
  alerts: AlertmanagerAlert[];
  /** Something changed since the last POST (send now, not only on the minute). */
  changed: boolean;
  next: ChannelState;
}

const rank = { degraded: 1, down: 2 } as const;
const withEnds = (alert: AlertmanagerAlert, endsAt: string): AlertmanagerAlert => ({ ...alert, endsAt });

export function planRound(input: RoundInput): RoundPlan {
  const { state, open, context } = input;
  const now = context.now;
  const firingUntil = new Date(now.getTime() + FIRING_FOR_MS).toISOString();
  const incidents: Record<string, AnnouncedIncident> = {};
  const alerts: AlertmanagerAlert[] = [];
  let changed = false;

  if (open && !state.incidents[open.id] && qualifies(open, input.rules) && !input.held(open)) {
    incidents[open.id] = {
      alert: incidentAlert(open, statusFor(open, input.currentStatus, null), context),
      ended: [],
      resolvedSentAt: null,
    };
    changed = true;
  }
  for (const [id, announced] of Object.entries(state.incidents)) {
    const incident = open?.id === id ? open : input.known[id];
    const entry: AnnouncedIncident = { ...announced, ended: [...announced.ended] };
    if (!incident) continue;
    if (input.held(incident)) {
      // Kept as it was announced before the window: no change reaches anyone until the window ends.
      if (entry.resolvedSentAt === null) entry.alert = withEnds(entry.alert, firingUntil);
    } else if (incident.status === "open") {
      const fresh = incidentAlert(incident, statusFor(incident, input.currentStatus, entry.alert), context);
      if (!sameLabels(fresh.labels, entry.alert.labels)) {
        entry.ended.push({ alert: withEnds(entry.alert, now.toISOString()), sentAt: null });
        changed = true;
      } else if (JSON.stringify(fresh.annotations) !== JSON.stringify(entry.alert.annotations)) changed = true;
      entry.alert = fresh;
    } else {
      const endsAt = incident.resolvedAt ?? now.toISOString();
      if (entry.alert.endsAt !== endsAt) changed = true;
      entry.alert = withEnds(entry.alert, endsAt);
      if (entry.resolvedSentAt && now.getTime() - Date.parse(entry.resolvedSentAt) >= RESOLVED_FOR_MS) continue;
    }
    entry.ended = entry.ended.filter((ended) => !ended.sentAt || now.getTime() - Date.parse(ended.sentAt) < RESOLVED_FOR_MS);
    incidents[id] = entry;
  }
  for (const entry of Object.values(incidents)) alerts.push(entry.alert, ...entry.ended.map((ended) => ended.alert));
  // A failed POST is retried each round; otherwise the alerts are sent again once a minute.
  const stale = !state.lastSentAt || state.failures > 0 || now.getTime() - Date.parse(state.lastSentAt) >= RESEND_EVERY_MS;
  const due = changed || (alerts.length > 0 && stale);
  return { alerts: due ? alerts : [], changed: due, next: { ...state, incidents } };
}

/** The state after the POST of a round: accepted alerts start their five minutes of resolved resends. */
export function afterSend(next: ChannelState, result: { ok: true } | { ok: false; error: string }, now: Date): ChannelState {
  if (!result.ok) {
    return { ...next, failures: next.failures + 1, failingSince: next.failingSince ?? now.toISOString(), lastError: result.error };
  }
  const at = now.toISOString();
  const incidents: Record<string, AnnouncedIncident> = {};
  for (const [id, entry] of Object.entries(next.incidents)) {
    // An alert whose end is not in the future is a resolution (a firing one always ends minutes ahead).
    const resolved = Date.parse(entry.alert.endsAt) <= now.getTime();
    incidents[id] = {
      alert: entry.alert,
      ended: entry.ended.map((ended) => ({ ...ended, sentAt: ended.sentAt ?? at })),
      resolvedSentAt: entry.resolvedSentAt ?? (resolved ? at : null),
    };
  }
  return { incidents, lastSentAt: at, failures: 0, failingSince: null, lastError: null };
}

function qualifies(incident: IncidentRecord, rules: ChannelRules): boolean {
  return rank[incident.worstStatus] >= rank[rules.minStatus] && touchesAny(incident, rules.only);
}

/** Its current status while it is bad; while it recovers (ok, not yet resolved), the severity last sent. */
function statusFor(incident: IncidentRecord, current: RoundInput["currentStatus"], sent: AlertmanagerAlert | null): ImpactStatus {
  if (current === "degraded" || current === "down") return current;
  if (sent) return sent.labels.severity === "critical" ? "down" : "degraded";
  return incident.worstStatus;
}
