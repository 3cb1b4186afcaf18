import type { IncidentRecord } from "@/lib/incidents/types";
import { containerOf } from "@/lib/notify/alertmanager-parts";

// Maintenance windows, pure: which window holds an incident (or a set of containers) at a moment. A window without
// containers holds the whole stack; one with containers holds an incident only when every root cause of it is one of
// the containers in maintenance, so a failure elsewhere during the window is still announced.

export interface MaintenanceWindow {
  id: string;
  /** Starts at `from` (ISO 8601), ends before `until`. */
  from: string;
  until: string;
  reason: string;
  /** The containers in maintenance, or null for the whole stack. */
  containers: string[] | null;
  createdBy: string;
  createdAt: string;
}

/** What an incident carries about the windows that held it while it was open. */
export interface MaintenanceMark {
  id: string;
  reason: string;
  from: string;
  until: string;
  containers: string[] | null;
}

export const isActive = (window: Pick<MaintenanceWindow, "from" | "until">, now: Date) =>
  Date.parse(window.from) <= now.getTime() && now.getTime() < Date.parse(window.until);

/** The windows running at `now`. */
export const activeWindows = <W extends MaintenanceWindow>(windows: W[], now: Date): W[] =>
  windows.filter((window) => isActive(window, now));

type Held = Pick<IncidentRecord, "rootCauses"> | string[];

/**
 * The window that holds `incidentOrContainers` at `now`, or null. An incident is held by a whole-stack window, or when
 * each of its active root causes (all of them once none is active) names a container in maintenance; a list of
 * containers is held when every one of them is in maintenance.
 */
export function heldBy(windows: MaintenanceWindow[], incidentOrContainers: Held, now: Date): MaintenanceWindow | null {
  const active = activeWindows(windows, now);
  const stackWide = active.find((window) => window.containers === null);
  if (stackWide) return stackWide;
  let containers: (string | null)[];
  if (Array.isArray(incidentOrContainers)) containers = incidentOrContainers;
  else {
    const causes = incidentOrContainers.rootCauses;
    const current = causes.some((cause) => cause.active) ? causes.filter((cause) => cause.active) : causes;
    containers = current.map(containerOf);
  }
  if (containers.length === 0) return null;
  let holder: MaintenanceWindow | null = null;
  for (const container of containers) {
    const window = container === null ? undefined : active.find((candidate) => candidate.containers?.includes(container));
    if (!window) return null;
    holder ??= window;
  }
  return holder;
}

export const markOf = (window: MaintenanceWindow): MaintenanceMark => ({
  id: window.id,
  reason: window.reason,
  from: window.from,
  until: window.until,
  containers: window.containers,
});

/** The incident with `window` among its marks (once per window; the window's end as it is now). */
export function withMark<T extends { maintenance?: MaintenanceMark[] }>(incident: T, window: MaintenanceWindow): T {
  const marks = (incident.maintenance ?? []).filter((mark) => mark.id !== window.id);
  return { ...incident, maintenance: [...marks, markOf(window)] };
}
