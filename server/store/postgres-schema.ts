import "server-only";
import type pg from "pg";
import { pendingMigrations, SCHEMA_VERSION } from "./schema-version";

// The PostgreSQL migrations: entry i takes the schema from version i to i + 1. Never edit one that has shipped; add
// one. Timestamps are TEXT, not TIMESTAMPTZ, so a time comes back byte for byte as written; COLLATE "C" makes ORDER
// BY and <= compare them as plain bytes, as SQLite does, whatever the database's locale.

// Any constant works; it only has to be the same in every replica. Held for the migration's transaction only.
const MIGRATION_LOCK = 7_365_120_501;

const V1_TABLES = `
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

// Sign-out and failed sign-ins live in the store so that replicas sharing it share them.
const V2_SESSIONS = `
CREATE TABLE revoked_sessions (
  session_hash TEXT PRIMARY KEY,
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX revoked_sessions_expires_at ON revoked_sessions (expires_at);
CREATE TABLE sign_in_failures (
  id BIGSERIAL PRIMARY KEY,
  client_key TEXT NOT NULL,
  time TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sign_in_failures_client_time ON sign_in_failures (client_key, time);
`;

// The watcher (issue 12): the lease one replica holds, the watcher's own state, incidents with their timeline, and
// the recorded state changes uptime is computed from.
const V3_WATCH = `
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE watcher_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  detected_at TEXT COLLATE "C" NOT NULL,
  body TEXT NOT NULL
);
-- At most one open incident, whichever replica (or a confused one) tries to open another.
CREATE UNIQUE INDEX incidents_one_open ON incidents (status) WHERE status = 'open';
CREATE INDEX incidents_detected_at ON incidents (detected_at, id);
CREATE TABLE incident_events (
  id BIGSERIAL PRIMARY KEY,
  incident_id TEXT NOT NULL,
  time TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  params TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
CREATE TABLE state_changes (
  id BIGSERIAL PRIMARY KEY,
  part TEXT NOT NULL,
  time TEXT COLLATE "C" NOT NULL,
  state TEXT NOT NULL
);
CREATE INDEX state_changes_part_time ON state_changes (part, time);
CREATE INDEX state_changes_time ON state_changes (time);
`;

// Maintenance windows (issue 13): ended ones stay, so uptime can leave their time out.
const V4_MAINTENANCE = `
CREATE TABLE maintenance_windows (
  id TEXT PRIMARY KEY,
  from_at TEXT COLLATE "C" NOT NULL,
  until_at TEXT COLLATE "C" NOT NULL,
  reason TEXT NOT NULL,
  containers TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX maintenance_windows_until ON maintenance_windows (until_at);
`;

// Notifications (issue 13): the delivery queue (a row first, then attempts; `id` is the X-Cascade-Delivery id, so a
// message is enqueued once) and what each channel last heard of each incident (the reconciler's memory).
const V5_NOTIFY = `
CREATE TABLE notify_deliveries (
  row_id BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  incident_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  event TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  next_attempt_at TEXT COLLATE "C" NOT NULL,
  claimed_until TEXT COLLATE "C",
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT COLLATE "C",
  answer TEXT,
  sent_at TEXT COLLATE "C",
  remote_id TEXT
);
CREATE INDEX notify_deliveries_due ON notify_deliveries (status, next_attempt_at);
CREATE INDEX notify_deliveries_incident ON notify_deliveries (incident_id, channel, row_id);
CREATE TABLE notify_announced (
  incident_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  finished INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (incident_id, channel)
);
CREATE INDEX notify_announced_finished ON notify_announced (finished);
`;

export const POSTGRES_MIGRATIONS: readonly string[] = [V1_TABLES, V2_SESSIONS, V3_WATCH, V4_MAINTENANCE, V5_NOTIFY];

/** Brings the database to SCHEMA_VERSION in one transaction, under a lock that replicas starting at once share. */
export async function migratePostgres(client: pg.PoolClient, target: string): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await client.query("CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_version WHERE id = 1");
    const pending = pendingMigrations(POSTGRES_MIGRATIONS, rows[0]?.version ?? 0, target);
    for (const step of pending) await client.query(step);
    if (pending.length > 0) {
      await client.query(
        "INSERT INTO schema_version (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        [SCHEMA_VERSION],
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
