import "server-only";
import pg from "pg";
import type { VerifyRun } from "@/lib/contracts/operations";
import { errorFields, getLogger } from "@/server/log/logger";
import { createMaintenanceStore } from "./maintenance-store";
import { createNotifyStore } from "./notify-store";
import { migratePostgres } from "./postgres-schema";
import { type AuditRow, type SnapshotRow, toAuditEntry, toSnapshot, toVerifyRun } from "./rows";
import { StoreVersionError } from "./schema-version";
import type { AuditInput, CascadeStore } from "./types";
import { createWatchStore, type SqlExecutor } from "./watch-store";

// The shared store: several board replicas point DATABASE_URL at one PostgreSQL and see one audit log, one set of
// verify runs and snapshots. Same tables and the same ISO-8601 text timestamps as sqlite-store.ts, so both return
// exactly what was written and both pass tests/integration/store-contract.test.ts.

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
  pool.on("error", (error) => getLogger().warn({ target, ...errorFields(error) }, "idle PostgreSQL connection lost"));

  async function migrate() {
    if (problem) throw new Error(problem);
    const client = await pool.connect();
    try {
      await migratePostgres(client, target);
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
      // A newer schema is not "unavailable": its own message says what to do.
      throw error instanceof StoreVersionError ? error : new StoreUnavailableError(target, error);
    }));
  async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
    await ready();
    return pool.query<Row>(text, values);
  }

  /** `?` placeholders (watch-store.ts's portable SQL) as PostgreSQL's `$n`. */
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const onClient = (client: pg.PoolClient): SqlExecutor => ({
    all: async <Row>(sql: string, params: unknown[]) => (await client.query(numbered(sql), params)).rows as Row[],
    run: async (sql, params) => (await client.query(numbered(sql), params)).rowCount ?? 0,
    transaction: (work) => work(onClient(client)),
  });
  const executor: SqlExecutor = {
    all: async <Row>(sql: string, params: unknown[]) => (await query(numbered(sql), params)).rows as Row[],
    run: async (sql, params) => (await query(numbered(sql), params)).rowCount ?? 0,
    async transaction(work) {
      await ready();
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(onClient(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        client.release(true);
        throw error;
      }
    },
  };

  return {
    ...createWatchStore(executor),
    ...createMaintenanceStore(executor),
    ...createNotifyStore(executor),
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
    async revokeSession(sessionHash, expiresAt) {
      await query("DELETE FROM revoked_sessions WHERE expires_at <= $1", [new Date().toISOString()]);
      await query("INSERT INTO revoked_sessions (session_hash, expires_at) VALUES ($1, $2) ON CONFLICT (session_hash) DO NOTHING", [
        sessionHash,
        expiresAt,
      ]);
    },
    async isSessionRevoked(sessionHash, now) {
      const { rows } = await query("SELECT 1 FROM revoked_sessions WHERE session_hash = $1 AND expires_at > $2", [
        sessionHash,
        now.toISOString(),
      ]);
      return rows.length > 0;
    },
    async recordSignInFailure(clientKey, at, forgetBefore) {
      await query("DELETE FROM sign_in_failures WHERE time < $1", [forgetBefore.toISOString()]);
      await query("INSERT INTO sign_in_failures (client_key, time) VALUES ($1, $2)", [clientKey, at.toISOString()]);
    },
    async listSignInFailures(clientKey, since) {
      const { rows } = await query<{ time: string }>(
        "SELECT time FROM sign_in_failures WHERE client_key = $1 AND time >= $2 ORDER BY time",
        [clientKey, since.toISOString()],
      );
      return rows.map((row) => row.time);
    },
    async ready() {
      await ready();
    },
    async close() {
      // Idempotent, like better-sqlite3's close(); pg's end() throws when called twice.
      closing ??= pool.end();
      await closing;
    },
  };
}
