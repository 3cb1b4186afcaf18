import "server-only";

import type { IncidentEvent, IncidentRecord, IncidentStatus, StateChange } from "@/lib/incidents/types";
import { redactDeep } from "@/lib/snapshots/redact";

/**
 * Incidents keep cause params, and params can quote URLs: credentials and tokens in them are never written to the
 * store (the same built-in rules as snapshots).
 */
const storedJson = (value: unknown) => JSON.stringify(redactDeep(value, { patterns: [], secrets: [] }).value);

// The watcher's tables (schema version 3), in SQL that SQLite and PostgreSQL both run: each store hands over a tiny
// executor (`?` placeholders), so the two cannot drift apart. Both pass tests/integration/store-contract.test.ts.

export interface SqlExecutor {
  all<Row>(sql: string, params: unknown[]): Promise<Row[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params: unknown[]): Promise<number>;
  /** Runs `work` in one transaction (a writer lock on SQLite) on the executor it is given. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export interface LeaseState {
  held: boolean;
  holder: string | null;
  until: string | null;
}

export interface IncidentPage {
  incidents: IncidentRecord[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: string | null;
}

export interface WatchStore {
  /** One conditional upsert takes the lease when it is free or expired, or renews it for its holder. */
  takeLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseState>;
  /** Gives the lease up (only when `holder` still holds it), so another replica takes over at once. */
  releaseLease(name: string, holder: string): Promise<void>;
  readLease(name: string): Promise<LeaseState>;
  getWatcherState(key: string): Promise<string | null>;
  putWatcherState(key: string, value: string): Promise<void>;
  /** Creates an incident with its first events; throws when another incident is open (one open at a time). */
  createIncident(incident: IncidentRecord, events: IncidentEvent[]): Promise<void>;
  /** Replaces the incident's facts and appends events, in one transaction. */
  updateIncident(incident: IncidentRecord, events: IncidentEvent[]): Promise<void>;
  /**
   * Records an acknowledgement (the first one counts; a later one only adds its line to the timeline). Returns the
   * incident, or null when there is none with this id.
   */
  acknowledgeIncident(id: string, by: string, note: string, at: string): Promise<IncidentRecord | null>;
  getIncident(id: string): Promise<IncidentRecord | null>;
  getOpenIncident(): Promise<IncidentRecord | null>;
  /** Newest first; `before` is the `next` of the previous page. */
  listIncidents(options: { status?: IncidentStatus; limit: number; before?: string }): Promise<IncidentPage>;
  listIncidentEvents(id: string): Promise<IncidentEvent[]>;
  appendStateChanges(changes: StateChange[]): Promise<void>;
  /** The changes inside [from, to), plus each part's last change before `from` (its state when the window starts). */
  listStateChanges(from: Date, to: Date): Promise<StateChange[]>;
  /** Deletes resolved incidents and state changes older than `before`. */
  pruneWatchHistory(before: Date): Promise<void>;
}

const encodeCursor = (incident: IncidentRecord) => Buffer.from(`${incident.detectedAt}|${incident.id}`).toString("base64url");
function decodeCursor(cursor: string): [string, string] | null {
  const [detectedAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  return detectedAt && id ? [detectedAt, id] : null;
}

const acknowledgement = ({ acknowledgedAt, acknowledgedBy, acknowledgeNote }: IncidentRecord) => ({
  acknowledgedAt,
  acknowledgedBy,
  acknowledgeNote,
});

export function createWatchStore(db: SqlExecutor): WatchStore {
  const readLease = async (name: string, holder?: string): Promise<LeaseState> => {
    const [row] = await db.all<{ holder: string; until_at: string }>("SELECT holder, until_at FROM leases WHERE name = ?", [name]);
    return { held: row !== undefined && row.holder === holder, holder: row?.holder ?? null, until: row?.until_at ?? null };
  };
  const insertEvents = async (tx: SqlExecutor, id: string, events: IncidentEvent[]) => {
    for (const event of events) {
      await tx.run("INSERT INTO incident_events (incident_id, time, kind, params) VALUES (?, ?, ?, ?)", [
        id,
        event.time,
        event.kind,
        storedJson(event.params),
      ]);
    }
  };
  const parse = (row: { body: string } | undefined) => (row ? (JSON.parse(row.body) as IncidentRecord) : null);

  return {
    async takeLease(name, holder, ttlMs, now) {
      const until = new Date(now.getTime() + ttlMs).toISOString();
      // Conditional update: taken only while free or expired, renewed only by its holder.
      await db.run(
        `INSERT INTO leases (name, holder, until_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_at = excluded.until_at
         WHERE leases.until_at < ? OR leases.holder = excluded.holder`,
        [name, holder, until, now.toISOString()],
      );
      return readLease(name, holder);
    },
    async releaseLease(name, holder) {
      await db.run("DELETE FROM leases WHERE name = ? AND holder = ?", [name, holder]);
    },
    readLease: (name) => readLease(name),
    async getWatcherState(key) {
      const [row] = await db.all<{ value: string }>("SELECT value FROM watcher_state WHERE key = ?", [key]);
      return row?.value ?? null;
    },
    async putWatcherState(key, value) {
      await db.run("INSERT INTO watcher_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [
        key,
        value,
      ]);
    },
    async createIncident(incident, events) {
      await db.transaction(async (tx) => {
        await tx.run("INSERT INTO incidents (id, status, detected_at, body) VALUES (?, ?, ?, ?)", [
          incident.id,
          incident.status,
          incident.detectedAt,
          storedJson(incident),
        ]);
        await insertEvents(tx, incident.id, events);
      });
    },
    async updateIncident(update, events) {
      await db.transaction(async (tx) => {
        // The tracker read the incident before collecting: an acknowledgement written since then is kept.
        const current = parse((await tx.all<{ body: string }>("SELECT body FROM incidents WHERE id = ?", [update.id]))[0]);
        const incident = current?.acknowledgedAt && !update.acknowledgedAt ? { ...update, ...acknowledgement(current) } : update;
        const changed = await tx.run("UPDATE incidents SET status = ?, body = ? WHERE id = ?", [
          incident.status,
          storedJson(incident),
          incident.id,
        ]);
        if (changed !== 1) throw new Error(`incident ${incident.id} does not exist`);
        await insertEvents(tx, incident.id, events);
      });
    },
    async acknowledgeIncident(id, by, note, at) {
      return db.transaction(async (tx) => {
        const current = parse((await tx.all<{ body: string }>("SELECT body FROM incidents WHERE id = ?", [id]))[0]);
        if (!current) return null;
        const incident = current.acknowledgedAt ? current : { ...current, acknowledgedAt: at, acknowledgedBy: by, acknowledgeNote: note };
        await tx.run("UPDATE incidents SET body = ? WHERE id = ?", [storedJson(incident), id]);
        await insertEvents(tx, id, [{ time: at, kind: "acknowledged", params: { by, note } }]);
        return incident;
      });
    },
    async getIncident(id) {
      return parse((await db.all<{ body: string }>("SELECT body FROM incidents WHERE id = ?", [id]))[0]);
    },
    async getOpenIncident() {
      return parse((await db.all<{ body: string }>("SELECT body FROM incidents WHERE status = 'open'", []))[0]);
    },
    async listIncidents({ status, limit, before }) {
      const cursor = before ? decodeCursor(before) : null;
      const where: string[] = [];
      const params: unknown[] = [];
      if (status) {
        where.push("status = ?");
        params.push(status);
      }
      if (cursor) {
        where.push("(detected_at < ? OR (detected_at = ? AND id < ?))");
        params.push(cursor[0], cursor[0], cursor[1]);
      }
      const rows = await db.all<{ body: string }>(
        `SELECT body FROM incidents ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY detected_at DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      const incidents = rows.slice(0, limit).map((row) => JSON.parse(row.body) as IncidentRecord);
      return { incidents, next: rows.length > limit ? encodeCursor(incidents[incidents.length - 1]!) : null };
    },
    async listIncidentEvents(id) {
      const rows = await db.all<{ time: string; kind: IncidentEvent["kind"]; params: string }>(
        "SELECT time, kind, params FROM incident_events WHERE incident_id = ? ORDER BY time, id",
        [id],
      );
      return rows.map((row) => ({ time: row.time, kind: row.kind, params: JSON.parse(row.params) }));
    },
    async appendStateChanges(changes) {
      if (changes.length === 0) return;
      await db.transaction(async (tx) => {
        for (const change of changes) {
          await tx.run("INSERT INTO state_changes (part, time, state) VALUES (?, ?, ?)", [change.part, change.time, change.state]);
        }
      });
    },
    async listStateChanges(from, to) {
      const [start, end] = [from.toISOString(), to.toISOString()];
      return db.all<StateChange>(
        `SELECT part, time, state FROM state_changes WHERE time >= ? AND time < ?
         UNION ALL
         SELECT s.part, s.time, s.state FROM state_changes s
           JOIN (SELECT part, MAX(time) AS time FROM state_changes WHERE time < ? GROUP BY part) last
           ON s.part = last.part AND s.time = last.time
         ORDER BY time, part`,
        [start, end, start],
      );
    },
    async pruneWatchHistory(before) {
      const cutoff = before.toISOString();
      await db.transaction(async (tx) => {
        const old = await tx.all<{ id: string }>("SELECT id FROM incidents WHERE status = 'resolved' AND detected_at < ?", [cutoff]);
        for (const { id } of old) {
          await tx.run("DELETE FROM incident_events WHERE incident_id = ?", [id]);
          await tx.run("DELETE FROM incidents WHERE id = ?", [id]);
        }
        // Keeps each part's last change before the cutoff: it says the state at the start of what remains.
        await tx.run(
          `DELETE FROM state_changes WHERE time < ? AND id NOT IN (
             SELECT MAX(id) FROM state_changes WHERE time < ? GROUP BY part)`,
          [cutoff, cutoff],
        );
      });
    },
  };
}
