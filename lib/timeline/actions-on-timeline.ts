import type { TimelineEvent } from "@/lib/contracts/board";
import type { AuditEntry } from "@/lib/contracts/operations";
import { refOfKey } from "@/lib/engines/container-key";

/**
 * Pure: is this audit row an action taken on the stack, finished? Container actions (`container.*`, subject a
 * container key) and Swarm service actions (`service.*`, subject a service name) count; their `started` rows, and rows
 * about the board itself (sessions, snapshots, acknowledgements, test notifications), do not. The board's timeline,
 * an incident's timeline and a snapshot's "actions taken" all read the audit log through this one rule.
 */
export function isActionTaken(entry: Pick<AuditEntry, "action" | "result">): boolean {
  return (entry.action.startsWith("container.") || entry.action.startsWith("service.")) && entry.result !== "started";
}

/** "restart" for a container's action; "service restart" for a service's, whose name may also be a container's. */
const verbOf = (action: string) => (action.startsWith("service.") ? action.replace(".", " ") : action.replace("container.", ""));

/** Pure: actions taken (finished ones only) as timeline events. */
export function auditToTimeline(entries: AuditEntry[]): TimelineEvent[] {
  return entries.filter(isActionTaken).map((entry) => ({
    time: entry.time,
    // Audit rows name a container by key (`local/api`); the timeline by ref, as the board's causes do. A service's
    // name has no engine part and stays as it is.
    subject: refOfKey(entry.subject),
    kind: entry.action,
    text: `${verbOf(entry.action)} by ${entry.actor}: ${entry.result}${entry.detail ? ` (${entry.detail})` : ""}`,
    exitCode: null,
  }));
}

/** Pure: Docker's events and the actions taken, in one timeline, newest first. */
export function withActionsOnTimeline(timeline: TimelineEvent[], entries: AuditEntry[]): TimelineEvent[] {
  return [...timeline, ...auditToTimeline(entries)].sort((a, b) => b.time.localeCompare(a.time));
}
