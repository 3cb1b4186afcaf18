import type { CauseKind } from "@/lib/contracts/diagnosis";
import type { MaintenanceMark } from "@/lib/maintenance/windows";
import type { Params } from "@/lib/messages/types";

// An incident as stored: facts (kinds, keys, params, times), never sentences. lib/messages renders the words in the
// reader's locale (lib/incidents/render-incident.ts).

export type IncidentStatus = "open" | "resolved";
export type ImpactStatus = "degraded" | "down";

/** A root cause of the incident, identified by kind and key (a container's key includes its engine: `local/<name>`). */
export interface RootCauseRecord {
  kind: CauseKind;
  key: string;
  params: Params;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Still a root cause in the latest collection. */
  active: boolean;
}

export interface IncidentRecord {
  id: string;
  status: IncidentStatus;
  /** What the title is written from: the headline cause when it opened, then the worst one. */
  title: { kind: CauseKind | null; params: Params; status: ImpactStatus };
  worstStatus: ImpactStatus;
  impactStartedAt: string;
  detectedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
  rootCauses: RootCauseRecord[];
  /** The maintenance windows that held it while it was open (lib/maintenance); absent when none did. */
  maintenance?: MaintenanceMark[];
}

export const incidentEventKinds = [
  "opened",
  "status-changed",
  "cause-added",
  "cause-removed",
  "docker-event",
  "action",
  "verify-run",
  "acknowledged",
  "watcher-gap",
  "resolved",
  "delivery-failed",
] as const;
export type IncidentEventKind = (typeof incidentEventKinds)[number];

/** One line of an incident's timeline, as facts. */
export interface IncidentEvent {
  time: string;
  kind: IncidentEventKind;
  params: Params;
}

/** What the watcher remembers between collections (in the store, so a restart continues). */
export interface TrackerState {
  /** Consecutive collections not ok / ok. */
  badStreak: number;
  okStreak: number;
  /** The first failing collection of the current bad streak, and the earliest evidence seen in it. */
  firstBadAt: string | null;
  earliestEvidenceAt: string | null;
  /** The stack's status in the last collection handled. */
  lastStatus: "ok" | ImpactStatus | null;
  /** The status before the current bad streak began; null when the watcher started during it (nothing seen before). */
  statusBeforeBad: "ok" | ImpactStatus | null;
  /** The end of the last collection the tracker handled: a gap after it is time the watcher was not running. */
  lastCollectionAt: string | null;
  /** The replica (process) that handled the last collection: another one continuing means the watcher was down. */
  writer: string | null;
  /** Last recorded uptime state per part (`stack`, `container:local/<name>`, `dashboard:<uid>`). */
  parts: Record<string, PartState>;
  /** Highest audit id and latest verify run already put on an incident's timeline. */
  lastAuditId: number;
  lastVerifyRunId: string | null;
}

/** `maintenance`: inside a maintenance window (lib/maintenance/uptime.ts), left out of uptime like `unknown`. */
export type PartState = "ok" | "down" | "unknown" | "maintenance";

export const emptyTracker = (): TrackerState => ({
  badStreak: 0,
  okStreak: 0,
  firstBadAt: null,
  earliestEvidenceAt: null,
  lastStatus: null,
  statusBeforeBad: null,
  lastCollectionAt: null,
  writer: null,
  parts: {},
  lastAuditId: 0,
  lastVerifyRunId: null,
});

/** A stored change of a part's state, from which uptime is computed. */
export interface StateChange {
  part: string;
  time: string;
  state: PartState;
}
