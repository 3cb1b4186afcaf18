import "server-only";
import type { AnnouncedState, DeliveryStatus, NotifyEvent, NotifyMessage } from "@/lib/notify/types";
import type { SqlExecutor } from "./watch-store";

// The notification tables (schema version 4), in SQL both stores run (watch-store.ts's executor). A delivery is a
// row before it is an attempt: enqueued once (its id is unique), claimed by one sender at a time (a claim expires,
// so a sender that died mid-request is repeated with the same id), and never sent again once recorded as sent.

export interface DeliveryRecord {
  id: string;
  incidentId: string;
  channel: string;
  event: NotifyEvent;
  status: DeliveryStatus;
  message: NotifyMessage;
  createdAt: string;
  nextAttemptAt: string;
  attempts: number;
  lastAttemptAt: string | null;
  answer: string | null;
  sentAt: string | null;
  remoteId: string | null;
}

export interface EnqueueInput {
  incidentId: string;
  channel: string;
  /** What the channel will have heard once this is enqueued. */
  announced: AnnouncedState;
  /** Null: the state advances without a message (a channel that does not hear this event). */
  delivery: { id: string; event: NotifyEvent; message: NotifyMessage; at: string } | null;
}

export type AttemptResult =
  | { outcome: "sent"; at: string; answer: string; remoteId?: string | null }
  | { outcome: "retry"; at: string; answer: string; nextAttemptAt: string }
  | { outcome: "failed"; at: string; answer: string };

export interface FailingChannel {
  channel: string;
  failures: number;
  answer: string | null;
  at: string | null;
}

export interface NotifyStore {
  /** What each channel last heard of the incident. */
  readAnnounced(incidentId: string): Promise<Record<string, AnnouncedState>>;
  /** Incidents some channel heard of but not yet their `resolved`. */
  listUnfinishedIncidents(): Promise<string[]>;
  /** Records the announced state and enqueues the delivery in one transaction; a delivery id already there is kept. */
  enqueueDelivery(input: EnqueueInput): Promise<void>;
  /**
   * Claims up to `limit` due deliveries until `claimUntil`: pending, due by `now`, not claimed by another sender,
   * and the oldest pending one of their incident and channel (so a channel hears `opened` before `resolved`).
   */
  claimDueDeliveries(now: Date, claimUntil: Date, limit: number): Promise<DeliveryRecord[]>;
  /** Records one attempt; `failed` also puts a "delivery-failed" line on the incident's timeline. */
  recordAttempt(id: string, result: AttemptResult): Promise<void>;
  /** The message id the platform gave the first sent delivery of this incident and channel (Discord edits it). */
  remoteIdOf(incidentId: string, channel: string): Promise<string | null>;
  /** Newest first. */
  listDeliveries(options: { incidentId?: string; limit: number }): Promise<DeliveryRecord[]>;
  /** Channels whose latest delivery attempted since `since` failed at least `minFailures` times in a row. */
  listFailingChannels(since: Date, minFailures: number): Promise<FailingChannel[]>;
  /** The earliest time a pending delivery is due, or null when none is pending. */
  nextDueAt(): Promise<string | null>;
  /** Deletes deliveries enqueued before `before` that are no longer pending, and finished announced states of them. */
  pruneNotifications(before: Date): Promise<void>;
}

interface DeliveryRow {
  id: string;
  incident_id: string;
  channel: string;
  event: NotifyEvent;
  status: DeliveryStatus;
  message: string;
  created_at: string;
  next_attempt_at: string;
  attempts: number | string;
  last_attempt_at: string | null;
  answer: string | null;
  sent_at: string | null;
  remote_id: string | null;
}

const COLUMNS =
  "id, incident_id, channel, event, status, message, created_at, next_attempt_at, attempts, last_attempt_at, answer, sent_at, remote_id";

const toRecord = (row: DeliveryRow): DeliveryRecord => ({
  id: row.id,
  incidentId: row.incident_id,
  channel: row.channel,
  event: row.event,
  status: row.status,
  message: JSON.parse(row.message) as NotifyMessage,
  createdAt: row.created_at,
  nextAttemptAt: row.next_attempt_at,
  attempts: Number(row.attempts),
  lastAttemptAt: row.last_attempt_at,
  answer: row.answer,
  sentAt: row.sent_at,
  remoteId: row.remote_id,
});

export function createNotifyStore(db: SqlExecutor): NotifyStore {
  return {
    async readAnnounced(incidentId) {
      const rows = await db.all<{ channel: string; state: string }>("SELECT channel, state FROM notify_announced WHERE incident_id = ?", [
        incidentId,
      ]);
      return Object.fromEntries(rows.map((row) => [row.channel, JSON.parse(row.state) as AnnouncedState]));
    },
    async listUnfinishedIncidents() {
      const rows = await db.all<{ incident_id: string }>("SELECT DISTINCT incident_id FROM notify_announced WHERE finished = 0", []);
      return rows.map((row) => row.incident_id);
    },
    async enqueueDelivery({ incidentId, channel, announced, delivery }) {
      await db.transaction(async (tx) => {
        if (delivery) {
          await tx.run(
            `INSERT INTO notify_deliveries (id, incident_id, channel, event, status, message, created_at, next_attempt_at, attempts)
             VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
            [delivery.id, incidentId, channel, delivery.event, JSON.stringify(delivery.message), delivery.at, delivery.at],
          );
        }
        await tx.run(
          `INSERT INTO notify_announced (incident_id, channel, state, finished) VALUES (?, ?, ?, ?)
           ON CONFLICT (incident_id, channel) DO UPDATE SET state = excluded.state, finished = excluded.finished`,
          [incidentId, channel, JSON.stringify(announced), announced.event === "resolved" ? 1 : 0],
        );
      });
    },
    async claimDueDeliveries(now, claimUntil, limit) {
      const at = now.toISOString();
      const rows = await db.all<DeliveryRow>(
        `SELECT ${COLUMNS} FROM notify_deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?)
           AND NOT EXISTS (SELECT 1 FROM notify_deliveries e WHERE e.incident_id = d.incident_id AND e.channel = d.channel
                           AND e.status = 'pending' AND e.row_id < d.row_id)
         ORDER BY d.next_attempt_at, d.row_id LIMIT ?`,
        [at, at, limit],
      );
      const claimed: DeliveryRecord[] = [];
      for (const row of rows) {
        // Conditional: another replica's sender may have claimed it since the SELECT.
        const changed = await db.run(
          "UPDATE notify_deliveries SET claimed_until = ? WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)",
          [claimUntil.toISOString(), row.id, at],
        );
        if (changed === 1) claimed.push(toRecord(row));
      }
      return claimed;
    },
    async recordAttempt(id, result) {
      await db.transaction(async (tx) => {
        if (result.outcome === "sent") {
          await tx.run(
            `UPDATE notify_deliveries SET status = 'sent', attempts = attempts + 1, last_attempt_at = ?, answer = ?, sent_at = ?,
             remote_id = ?, claimed_until = NULL WHERE id = ? AND status = 'pending'`,
            [result.at, result.answer, result.at, result.remoteId ?? null, id],
          );
          return;
        }
        const status = result.outcome === "failed" ? "failed" : "pending";
        const next = result.outcome === "retry" ? result.nextAttemptAt : result.at;
        const changed = await tx.run(
          `UPDATE notify_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?, answer = ?, next_attempt_at = ?,
           claimed_until = NULL WHERE id = ? AND status = 'pending'`,
          [status, result.at, result.answer, next, id],
        );
        if (result.outcome !== "failed" || changed !== 1) return;
        const [row] = await tx.all<DeliveryRow>(`SELECT ${COLUMNS} FROM notify_deliveries WHERE id = ?`, [id]);
        if (!row) return;
        const params = { channel: row.channel, event: row.event, attempts: Number(row.attempts), answer: result.answer };
        await tx.run("INSERT INTO incident_events (incident_id, time, kind, params) VALUES (?, ?, 'delivery-failed', ?)", [
          row.incident_id,
          result.at,
          JSON.stringify(params),
        ]);
      });
    },
    async remoteIdOf(incidentId, channel) {
      const [row] = await db.all<{ remote_id: string }>(
        `SELECT remote_id FROM notify_deliveries WHERE incident_id = ? AND channel = ? AND status = 'sent' AND remote_id IS NOT NULL
         ORDER BY row_id LIMIT 1`,
        [incidentId, channel],
      );
      return row?.remote_id ?? null;
    },
    async listDeliveries({ incidentId, limit }) {
      const where = incidentId === undefined ? "" : "WHERE incident_id = ?";
      const rows = await db.all<DeliveryRow>(`SELECT ${COLUMNS} FROM notify_deliveries ${where} ORDER BY row_id DESC LIMIT ?`, [
        ...(incidentId === undefined ? [] : [incidentId]),
        limit,
      ]);
      return rows.map(toRecord);
    },
    async listFailingChannels(since, minFailures) {
      // Each channel's latest attempted delivery: failing while it is still being retried or has been given up.
      const rows = await db.all<{ channel: string; attempts: number | string; answer: string | null; last_attempt_at: string | null }>(
        `SELECT d.channel, d.attempts, d.answer, d.last_attempt_at FROM notify_deliveries d
         JOIN (SELECT channel, MAX(row_id) AS row_id FROM notify_deliveries WHERE last_attempt_at >= ? GROUP BY channel) latest
           ON d.row_id = latest.row_id
         WHERE d.status <> 'sent' AND d.attempts >= ?
         ORDER BY d.channel`,
        [since.toISOString(), minFailures],
      );
      return rows.map((row) => ({ channel: row.channel, failures: Number(row.attempts), answer: row.answer, at: row.last_attempt_at }));
    },
    async nextDueAt() {
      const [row] = await db.all<{ next: string | null }>(
        "SELECT MIN(next_attempt_at) AS next FROM notify_deliveries WHERE status = 'pending'",
        [],
      );
      return row?.next ?? null;
    },
    async pruneNotifications(before) {
      const cutoff = before.toISOString();
      await db.transaction(async (tx) => {
        await tx.run(
          `DELETE FROM notify_announced WHERE finished = 1 AND incident_id IN (
             SELECT incident_id FROM notify_deliveries WHERE created_at < ? AND status <> 'pending')
           AND incident_id NOT IN (SELECT incident_id FROM notify_deliveries WHERE created_at >= ? OR status = 'pending')`,
          [cutoff, cutoff],
        );
        await tx.run("DELETE FROM notify_deliveries WHERE created_at < ? AND status <> 'pending'", [cutoff]);
      });
    },
  };
}
