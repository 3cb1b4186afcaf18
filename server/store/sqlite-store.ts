import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type AuditRow, type SnapshotRow, toAuditEntry, toSnapshot, toVerifyRun } from "./rows";
import type { AuditInput, CascadeStore, LockHolder } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  request_id TEXT NOT NULL,
  result TEXT NOT NULL,
  detail TEXT
);
-- Append-only: the database itself refuses to change or remove a row.
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TABLE IF NOT EXISTS snapshots (
  id TEXT PRIMARY KEY,
  delete_secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_expires_at ON snapshots (expires_at);
CREATE TABLE IF NOT EXISTS action_locks (
  key TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  since TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS verify_runs (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  body TEXT NOT NULL
);
`;

export function openSqliteStore(file: string): CascadeStore {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: 2_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Deleted snapshots (expired or removed) are overwritten, not left readable in free pages.
  db.pragma("secure_delete = ON");
  db.exec(SCHEMA);
  const insertAudit = db.prepare(
    "INSERT INTO audit_log (time, actor, role, action, subject, request_id, result, detail) VALUES (@time, @actor, @role, @action, @subject, @requestId, @result, @detail) RETURNING *",
  );
  const listAudit = db.prepare("SELECT * FROM audit_log WHERE id < @beforeId ORDER BY id DESC LIMIT @limit");
  const upsertRun = db.prepare(
    "INSERT INTO verify_runs (id, started_at, body) VALUES (@id, @startedAt, @body) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
  );
  const getRun = db.prepare("SELECT body FROM verify_runs WHERE id = ?");
  const latestRun = db.prepare("SELECT body FROM verify_runs ORDER BY started_at DESC LIMIT 1");
  const insertSnapshot = db.prepare(
    "INSERT INTO snapshots (id, delete_secret_hash, created_at, expires_at, created_by, title, body) VALUES (@id, @deleteSecretHash, @createdAt, @expiresAt, @createdBy, @title, @body)",
  );
  const getSnapshot = db.prepare("SELECT * FROM snapshots WHERE id = ?");
  const deleteSnapshot = db.prepare("DELETE FROM snapshots WHERE id = ?");
  const deleteExpired = db.prepare("DELETE FROM snapshots WHERE expires_at <= ?");
  const dropExpiredLock = db.prepare("DELETE FROM action_locks WHERE key = ? AND expires_at <= ?");
  const insertLock = db.prepare(
    "INSERT INTO action_locks (key, token, actor, action, since, expires_at) VALUES (@key, @token, @actor, @action, @since, @expiresAt) ON CONFLICT(key) DO NOTHING",
  );
  const readLock = db.prepare("SELECT token, actor, action, since FROM action_locks WHERE key = ?");
  const releaseLock = db.prepare("DELETE FROM action_locks WHERE key = ? AND token = ?");
  // One transaction: better-sqlite3 runs it synchronously, and SQLite serialises writers across processes.
  const takeLock = db.transaction((key: string, token: string, holder: LockHolder, ttlMs: number) => {
    const now = new Date();
    dropExpiredLock.run(key, now.toISOString());
    insertLock.run({ key, token, ...holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString() });
    return readLock.get(key) as { token: string; actor: string; action: string; since: string };
  });
  const parseRun = (row: { body: string } | undefined) => toVerifyRun(row?.body);

  return {
    kind: "sqlite",
    async appendAudit(input: AuditInput) {
      const row = insertAudit.get({ ...input, time: input.time ?? new Date().toISOString(), detail: input.detail ?? null }) as AuditRow;
      return toAuditEntry(row);
    },
    async listAudit(options = {}) {
      const rows = listAudit.all({
        beforeId: options.beforeId ?? Number.MAX_SAFE_INTEGER,
        limit: Math.min(options.limit ?? 100, 1000),
      }) as AuditRow[];
      return rows.map(toAuditEntry);
    },
    async saveVerifyRun(run) {
      upsertRun.run({ id: run.id, startedAt: run.startedAt, body: JSON.stringify(run) });
    },
    async getVerifyRun(id) {
      return parseRun(getRun.get(id) as { body: string } | undefined);
    },
    async latestVerifyRun() {
      return parseRun(latestRun.get() as { body: string } | undefined);
    },
    async createSnapshot(snapshot) {
      insertSnapshot.run(snapshot);
    },
    async getSnapshot(id) {
      const row = getSnapshot.get(id) as SnapshotRow | undefined;
      return row ? toSnapshot(row) : null;
    },
    async deleteSnapshot(id) {
      return deleteSnapshot.run(id).changes > 0;
    },
    async deleteExpiredSnapshots(now) {
      return deleteExpired.run(now.toISOString()).changes;
    },
    async acquireLock(key, token, holder, ttlMs) {
      const row = takeLock(key, token, holder, ttlMs);
      return { acquired: row.token === token, holder: { actor: row.actor, action: row.action, since: row.since } };
    },
    async releaseLock(key, token) {
      releaseLock.run(key, token);
    },
    async close() {
      db.close();
    },
  };
}
