import "server-only";
import pg from "pg";
import type { VerifyRun } from "@/lib/contracts/operations";
import { type AuditRow, type SnapshotRow, toAuditEntry, toSnapshot, toVerifyRun } from "./rows";
import type { AuditInput, CascadeStore } from "./types";

// The shared store: several board replicas point DATABASE_URL at one PostgreSQL and see one audit log, one set of
// verify runs and snapshots. Same tables and the same ISO-8601 text timestamps as sqlite-store.ts, so both return
// exactly what was written and both pass tests/integration/store-contract.test.ts.

// Any constant works; it only has to be the same in every replica. Held for the migration's transaction only.
const MIGRATION_LOCK = 7_365_120_501;

// Timestamps are TEXT, not TIMESTAMPTZ, so a time comes back byte for byte as written. COLLATE "C" makes ORDER BY
// and <= compare them as plain bytes, as SQLite does, whatever the database's locale.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  id BIGSERIAL PRIMARY KEY,
  time TEXT COLLATE "C" NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  request_id TEXT NOT NULL,
  result TEXT NOT NULL,
  detail TEXT
);
-- Append-only: the database itself refuses to change or remove a row, whichever replica or client asks.
CREATE OR REPLACE FUNCTION cascade_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION cascade_audit_log_append_only();
-- Row triggers do not see TRUNCATE.
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION cascade_audit_log_append_only();
CREATE TABLE IF NOT EXISTS snapshots (
  id TEXT PRIMARY KEY,
  delete_secret_hash TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL,
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
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS verify_runs (
  id TEXT PRIMARY KEY,
  started_at TEXT COLLATE "C" NOT NULL,
  body TEXT NOT NULL
);
`;

const parseRun = (rows: { body: string }[]): VerifyRun | null => toVerifyRun(rows[0]?.body);

/** Where a DATABASE_URL points (host:port/database, never the password), or why it cannot be used. */
function describeTarget(databaseUrl: string): { target: string; problem: string | null } {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return { target: "DATABASE_URL", problem: "DATABASE_URL is not a valid URL" };
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    return { target: "DATABASE_URL", problem: `DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//` };
  }
  return { target: `${url.hostname || "localhost"}:${url.port || "5432"}${url.pathname}`, problem: null };
}

export class StoreUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    // pg's URL parse errors (TypeError) carry the whole URL, password included: neither quoted nor kept as cause.
    const parseError = cause instanceof TypeError;
    super(
      `PostgreSQL store unavailable (${target}): ${parseError ? "DATABASE_URL cannot be parsed" : (cause as Error).message}`,
      parseError ? {} : { cause },
    );
    this.name = "StoreUnavailableError";
  }
}

/**
 * Opens without touching the network: the pool connects and the schema is created on first use, so a bad or
 * unreachable DATABASE_URL makes each store call reject (callers fail closed) instead of crashing the process.
 */
export function openPostgresStore(databaseUrl: string): CascadeStore {
  const { target, problem } = describeTarget(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 5,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
    query_timeout: 15_000,
    application_name: "cascade",
  });
  // An idle client whose server went away emits here; without a listener that would kill the process.
  pool.on("error", (error) => console.error(`cascade: idle PostgreSQL connection lost (${target})`, error.message));

  async function migrate() {
    if (problem) throw new Error(problem);
    const client = await pool.connect();
    try {
      // Two replicas starting at once would otherwise race on CREATE ... IF NOT EXISTS and one would fail.
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}); ${SCHEMA} COMMIT;`);
      client.release();
    } catch (error) {
      // Not back into the pool: the connection may be broken or still inside the failed transaction.
      client.release(true);
      throw error;
    }
  }

  // Memoised, but forgotten on failure: a database that is down at start is retried on the next call.
  let migrated: Promise<void> | null = null;
  let closing: Promise<void> | null = null;
  const ready = () =>
    (migrated ??= migrate().catch((error: unknown) => {
      migrated = null;
      throw new StoreUnavailableError(target, error);
    }));
  async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
    await ready();
    return pool.query<Row>(text, values);
  }

  return {
    kind: "postgres",
    async appendAudit(input: AuditInput) {
      const { rows } = await query<AuditRow>(
        "INSERT INTO audit_log (time, actor, role, action, subject, request_id, result, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        [
          input.time ?? new Date().toISOString(),
          input.actor,
          input.role,
          input.action,
          input.subject,
          input.requestId,
          input.result,
          input.detail ?? null,
        ],
      );
      return toAuditEntry(rows[0]!);
    },
    async listAudit(options = {}) {
      const limit = Math.max(0, Math.min(options.limit ?? 100, 1000));
      const { rows } = await query<AuditRow>("SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2", [
        options.beforeId ?? Number.MAX_SAFE_INTEGER,
        limit,
      ]);
      return rows.map(toAuditEntry);
    },
    async saveVerifyRun(run) {
      // Like SQLite: a re-save replaces the body; started_at stays as first written.
      await query(
        "INSERT INTO verify_runs (id, started_at, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
        [run.id, run.startedAt, JSON.stringify(run)],
      );
    },
    async getVerifyRun(id) {
      return parseRun((await query<{ body: string }>("SELECT body FROM verify_runs WHERE id = $1", [id])).rows);
    },
    async latestVerifyRun() {
      return parseRun((await query<{ body: string }>("SELECT body FROM verify_runs ORDER BY started_at DESC LIMIT 1")).rows);
    },
    async createSnapshot(snapshot) {
      const { id, deleteSecretHash, createdAt, expiresAt, createdBy, title, body } = snapshot;
      await query(
        "INSERT INTO snapshots (id, delete_secret_hash, created_at, expires_at, created_by, title, body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [id, deleteSecretHash, createdAt, expiresAt, createdBy, title, body],
      );
    },
    async getSnapshot(id) {
      const { rows } = await query<SnapshotRow>("SELECT * FROM snapshots WHERE id = $1", [id]);
      return rows[0] ? toSnapshot(rows[0]) : null;
    },
    async deleteSnapshot(id) {
      return ((await query("DELETE FROM snapshots WHERE id = $1", [id])).rowCount ?? 0) > 0;
    },
    async deleteExpiredSnapshots(now) {
      return (await query("DELETE FROM snapshots WHERE expires_at <= $1", [now.toISOString()])).rowCount ?? 0;
    },
    async acquireLock(key, token, holder, ttlMs) {
      const now = new Date();
      await query("DELETE FROM action_locks WHERE key = $1 AND expires_at <= $2", [key, now.toISOString()]);
      // ON CONFLICT DO NOTHING: of two replicas inserting at once, exactly one row wins.
      await query(
        "INSERT INTO action_locks (key, token, actor, action, since, expires_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING",
        [key, token, holder.actor, holder.action, holder.since, new Date(now.getTime() + ttlMs).toISOString()],
      );
      const { rows } = await query<{ token: string; actor: string; action: string; since: string }>(
        "SELECT token, actor, action, since FROM action_locks WHERE key = $1",
        [key],
      );
      const row = rows[0];
      // Released between our insert and select: try once more rather than report a phantom holder.
      if (!row) return this.acquireLock(key, token, holder, ttlMs);
      return { acquired: row.token === token, holder: { actor: row.actor, action: row.action, since: row.since } };
    },
    async releaseLock(key, token) {
      await query("DELETE FROM action_locks WHERE key = $1 AND token = $2", [key, token]);
    },
    async close() {
      // Idempotent, like better-sqlite3's close(); pg's end() throws when called twice.
      await (closing ??= pool.end());
    },
  };
}
