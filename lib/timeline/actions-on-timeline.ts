import type { TimelineEvent } from "@/lib/contracts/board";
import type { AuditEntry } from "@/lib/contracts/operations";
import { refOfKey } from "@/lib/engines/container-key";

/** Pure: container actions from the audit log (finished ones only) as timeline events. */
export function auditToTimeline(entries: AuditEntry[]): TimelineEvent[] {
  return entries
    .filter((entry) => entry.action.startsWith("container.") && entry.result !== "started")
    .map((entry) => ({
      time: entry.time,
      // Audit rows name the container by key (`local/api`); the timeline by ref, as the board's causes do.
      subject: refOfKey(entry.subject),
      kind: entry.action,
      text: `${entry.action.replace("container.", "")} by ${entry.actor}: ${entry.result}${entry.detail ? ` (${entry.detail})` : ""}`,
      exitCode: null,
    }));
}

/** Pure: Docker's events and the actions taken, in one timeline, newest first. */
export function withActionsOnTimeline(timeline: TimelineEvent[], entries: AuditEntry[]): TimelineEvent[] {
  return [...timeline, ...auditToTimeline(entries)].sort((a, b) => b.time.localeCompare(a.time));
}
