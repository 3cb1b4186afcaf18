import "server-only";
import type { IncidentRecord } from "@/lib/incidents/types";

/**
 * Whether announcements of this incident are held now (a maintenance window covers it). While held, nothing is
 * enqueued and what the channels heard does not advance, so the end of the window announces only what differs.
 * Always false until maintenance windows are wired in.
 */
export function isHeld(_incident: IncidentRecord, _now: Date): boolean {
  return false;
}
