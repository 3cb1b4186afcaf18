import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createMaintenanceStore } from "./maintenance-store";
import { createNotifyStore } from "./notify-store";
import { type AuditRow, type SnapshotRow, toAuditEntry, toSnapshot, toVerifyRun } from "./rows";
import { migrateSqlite } from "./sqlite-schema";
import type { AuditInput, CascadeStore, LockHolder } from "./types";
import { createWatchStore, type SqlExecutor } from "./watch-store";

/** Opens (creating if need be) and migrates the file; throws StoreVersionError when it was written by a newer Cascade. */
export function openSqliteStore(file: string): CascadeStore {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: 2_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Deleted snapshots (expired or removed) are overwritten, not left readable in free pages.
  db.pragma("secure_delete = ON");
  try {
    migrateSqlite(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
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
  const revoke = db.prepare("INSERT INTO revoked_sessions (session_hash, expires_at) VALUES (?, ?) ON CONFLICT (session_hash) DO NOTHING");
  const dropExpiredRevocations = db.prepare("DELETE FROM revoked_sessions WHERE expires_at <= ?");
  const findRevocation = db.prepare("SELECT 1 FROM revoked_sessions WHERE session_hash = ? AND expires_at > ?");
  const insertFailure = db.prepare("INSERT INTO sign_in_failures (client_key, time) VALUES (?, ?)");
  const dropOldFailures = db.prepare("DELETE FROM sign_in_failures WHERE time < ?");
  const listFailures = db.prepare("SELECT time FROM sign_in_failures WHERE client_key = ? AND time >= ? ORDER BY time");
  const parseRun = (row: { body: string } | undefined) => toVerifyRun(row?.body);
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    const cached = statements.get(sql);
    if (cached) return cached;
    const prepared = db.prepare(sql);
    statements.set(sql, prepared);
    return prepared;
  };
  const executor: SqlExecutor = {
    all: async <Row>(sql: string, params: unknown[]) => statement(sql).all(...params) as Row[],
    run: async (sql, params) => statement(sql).run(...params).changes,
    async transaction(work) {
      // better-sqlite3 is synchronous, so nothing else runs on this connection between BEGIN and COMMIT except
      // what `work` awaits; IMMEDIATE takes the writer lock first, so another process waits (or fails) cleanly.
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(executor);
        db.exec("COMMIT");
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    },
  };

  return {
    ...createWatchStore(executor),
    ...createMaintenanceStore(executor),
    ...createNotifyStore(executor),
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
    async revokeSession(sessionHash, expiresAt) {
      dropExpiredRevocations.run(new Date().toISOString());
      revoke.run(sessionHash, expiresAt);
    },
    async isSessionRevoked(sessionHash, now) {
      return findRevocation.get(sessionHash, now.toISOString()) !== undefined;
    },
    async recordSignInFailure(clientKey, at, forgetBefore) {
      dropOldFailures.run(forgetBefore.toISOString());
      insertFailure.run(clientKey, at.toISOString());
    },
    async listSignInFailures(clientKey, since) {
      return (listFailures.all(clientKey, since.toISOString()) as { time: string }[]).map((row) => row.time);
    },
    async ready() {
      // Migrated when opened.
    },
    async close() {
      db.close();
    },
  };
}
