import "server-only";
import crypto from "node:crypto";
import type { TimelineEvent } from "@/lib/contracts/board";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { keyOfRef } from "@/lib/engines/container-key";
import { type IncidentRules, trackCollection } from "@/lib/incidents/track";
import { emptyTracker, type IncidentEvent, type IncidentRecord, type StateChange, type TrackerState } from "@/lib/incidents/types";
import { partStates, verdictOf } from "@/lib/incidents/verdict";
import { isActionTaken } from "@/lib/timeline/actions-on-timeline";
import { markMaintenance } from "@/server/maintenance/windows";
import { cascadeMetrics } from "@/server/metrics/registry";
import type { CascadeStore } from "@/server/store";

const TRACKER_KEY = "incident-tracker";
/** Docker events kept between two collections; more (thousands of flapping containers) are counted, not kept. */
const MAX_BUFFERED_EVENTS = 500;
/** Audit rows read per collection for the actions on an incident's timeline. */
const AUDIT_ROWS = 50;

/**
 * Turns each of the lease holder's collections into stored state: the tracker (streaks, last states), the incident
 * with its timeline, and the state changes uptime is computed from. Everything is read back from the store on each
 * collection, so a restart or another replica taking over continues where the last holder stopped; the time nobody
 * watched is recorded as a gap. A store write that fails leaves the stored tracker as it was: the next collection
 * retries, and no incident is half written.
 */
export class IncidentTracker {
  private dockerEvents: TimelineEvent[] = [];
  private droppedEvents = 0;

  constructor(
    private readonly store: CascadeStore,
    private readonly rules: IncidentRules,
    private readonly intervalMs: number,
    private readonly replica: string,
  ) {}

  /** Docker events arrive between collections; those of containers in the open incident go on its timeline. */
  noteDockerEvent(event: TimelineEvent) {
    if (this.dockerEvents.length < MAX_BUFFERED_EVENTS) this.dockerEvents.push(event);
    else this.droppedEvents += 1;
  }

  /** Time without a collection longer than this is a watcher gap. */
  get gapAfterMs() {
    return 3 * this.intervalMs;
  }

  async handle(diagnosis: Diagnosis, clock: Date = new Date()): Promise<void> {
    const stored = await this.store.getWatcherState(TRACKER_KEY);
    const tracker: TrackerState = stored ? { ...emptyTracker(), ...(JSON.parse(stored) as TrackerState) } : emptyTracker();
    const last = tracker.lastCollectionAt ? new Date(tracker.lastCollectionAt) : null;
    // A clock that jumps back must not put events before ones already written: time never runs backwards here.
    if (last && clock < last) cascadeMetrics().watcherSkipped.inc({ reason: "clock-went-back" });
    const now = last && clock < last ? last : clock;
    const at = now.toISOString();
    const open = await this.store.getOpenIncident();
    const changes: StateChange[] = [];
    const gapEvents: IncidentEvent[] = [];
    const elapsed = last ? now.getTime() - last.getTime() : 0;
    // Another process continuing (a restart, a takeover) had nobody watching in between, however short.
    if (last && (elapsed > this.gapAfterMs || (tracker.writer !== this.replica && elapsed > this.intervalMs))) {
      const gap = { from: last.toISOString(), to: at, ms: now.getTime() - last.getTime() };
      gapEvents.push({ time: gap.from, kind: "watcher-gap", params: gap });
      // Unknown from the last collection until now: left out of uptime, not counted as up or down.
      for (const part of Object.keys(tracker.parts)) changes.push({ part, time: gap.from, state: "unknown" });
      for (const part of Object.keys(tracker.parts)) tracker.parts[part] = "unknown";
    }
    tracker.writer = this.replica;
    const result = trackCollection(tracker, open, verdictOf(diagnosis, at), this.rules, () => crypto.randomUUID());
    for (const [part, state] of Object.entries(partStates(diagnosis))) {
      if (result.tracker.parts[part] !== state) changes.push({ part, time: at, state });
      result.tracker.parts[part] = state;
    }
    // An incident opened or changed during a maintenance window carries the window (nothing is sent about it then).
    const incident = result.incident ? await markMaintenance(result.incident, now, this.store) : null;
    const events = [...gapEvents, ...result.events];
    if (incident) {
      events.push(...this.takeDockerEvents(incident));
      events.push(...(await this.actionsSince(result.tracker, incident)));
    } else this.dockerEvents = [];
    if (incident && result.created) await this.store.createIncident(incident, events);
    else if (incident) await this.store.updateIncident(incident, events);
    await this.store.appendStateChanges(changes);
    await this.store.putWatcherState(TRACKER_KEY, JSON.stringify(result.tracker));
  }

  private takeDockerEvents(incident: IncidentRecord): IncidentEvent[] {
    const involved = new Set(incident.rootCauses.map((cause) => cause.key));
    const events = this.dockerEvents
      .filter((event) => involved.has(keyOfRef(event.subject)))
      .map((event) => ({
        time: event.time,
        kind: "docker-event" as const,
        params: { container: keyOfRef(event.subject), action: event.kind, exitCode: event.exitCode },
      }));
    if (this.droppedEvents > 0) cascadeMetrics().watcherSkipped.inc({ reason: "docker-events" }, this.droppedEvents);
    this.dockerEvents = [];
    this.droppedEvents = 0;
    return events;
  }

  /** Actions taken (containers, services) and verify runs since the last collection, from the audit log and the verify runs. */
  private async actionsSince(tracker: TrackerState, incident: IncidentRecord): Promise<IncidentEvent[]> {
    const events: IncidentEvent[] = [];
    const entries = await this.store.listAudit({ limit: AUDIT_ROWS }).catch(() => []);
    for (const entry of [...entries].reverse()) {
      if (entry.id <= tracker.lastAuditId) continue;
      tracker.lastAuditId = entry.id;
      if (!isActionTaken(entry) || entry.time < incident.impactStartedAt) continue;
      events.push({
        time: entry.time,
        kind: "action",
        params: { action: entry.action, actor: entry.actor, subject: entry.subject, result: entry.result },
      });
    }
    const run = await this.store.latestVerifyRun().catch(() => null);
    if (run && run.status !== "running" && run.id !== tracker.lastVerifyRunId) {
      tracker.lastVerifyRunId = run.id;
      if (run.startedAt >= incident.impactStartedAt)
        events.push({ time: run.startedAt, kind: "verify-run", params: { id: run.id, status: run.status } });
    }
    return events;
  }
}
