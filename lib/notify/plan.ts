import { sameItems } from "@/lib/collections/same-items";
import type { IncidentRecord } from "@/lib/incidents/types";
import type { AnnouncedState, ChannelEvent, ChannelRule, TouchedParts } from "./types";

// The reconciler, pure: what one channel last heard of one incident, and the incident now, in; the one event to
// announce now (if any) and what the channel will then have heard, out. Running it again after a restart, after a
// maintenance window or after a merged burst of changes announces only what differs, so nothing is sent twice.

export interface Plan {
  event: ChannelEvent | null;
  next: AnnouncedState;
}

/** The root causes the channel compares (kind and subject or group key), sorted: never their words. */
export function activeCauseKeys(incident: IncidentRecord): string[] {
  return incident.rootCauses
    .filter((cause) => cause.active)
    .map((cause) => `${cause.kind} ${cause.key}`)
    .sort();
}

/** Whether the incident touches a part the channel's `only` names (no `only`: every incident). */
export function touchesChannel(rule: ChannelRule, parts: TouchedParts): boolean {
  const only = rule.only;
  if (!only || (!only.containers && !only.dashboards && !only.jobs)) return true;
  const hit = (wanted: string[] | undefined, have: string[]) => (wanted ?? []).some((name) => have.includes(name));
  return hit(only.containers, parts.containers) || hit(only.dashboards, parts.dashboards) || hit(only.jobs, parts.jobs);
}

export function planChannel(
  incident: IncidentRecord,
  rule: ChannelRule,
  announced: AnnouncedState | null,
  parts: TouchedParts,
  now: Date,
  minIntervalMs: number,
): Plan | null {
  const at = now.toISOString();
  const keys = activeCauseKeys(incident);
  if (!announced) {
    // Never announced: a resolved incident stays untold; an open one is told once it reaches the channel's level.
    if (incident.status !== "open" || !touchesChannel(rule, parts)) return null;
    if (rule.minStatus === "down" && incident.worstStatus !== "down") return null;
    const base = { causeKeys: keys, acknowledged: incident.acknowledgedAt !== null, changedAt: at };
    if (!rule.on.includes("opened")) return { event: null, next: { ...base, event: "opened", sequence: 0, silent: true } };
    return { event: "opened", next: { ...base, event: "opened", sequence: 1 } };
  }
  if (announced.event === "resolved") return null;
  const advance = (event: ChannelEvent, extra: Partial<AnnouncedState> = {}): Plan => ({
    event,
    next: { ...announced, ...extra, event, sequence: announced.sequence + 1, silent: undefined },
  });
  // Always: an incident that was announced hears its end, even if it was muted or acknowledged in between.
  if (incident.status === "resolved") return advance("resolved", { causeKeys: keys });
  if (incident.acknowledgedAt !== null && !announced.acknowledged) {
    if (rule.on.includes("acknowledged")) return advance("acknowledged", { acknowledged: true });
    return { event: null, next: { ...announced, acknowledged: true } };
  }
  if (sameItems(keys, announced.causeKeys) || keys.length === 0) return null;
  if (!rule.on.includes("changed")) return null;
  // At most one `changed` per minIntervalMs: what changes meanwhile is merged into the next one.
  if (now.getTime() - Date.parse(announced.changedAt) < minIntervalMs) return null;
  return advance("changed", { causeKeys: keys, changedAt: at });
}
