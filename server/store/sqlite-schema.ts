import "server-only";
import type Database from "better-sqlite3";
import { pendingMigrations, SCHEMA_VERSION } from "./schema-version";

// The SQLite migrations: entry i takes the schema from version i to i + 1. Never edit one that has shipped; add one.

const V1_TABLES = `
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

// Sign-out and failed sign-ins live in the store so that replicas sharing it share them.
const V2_SESSIONS = `
CREATE TABLE revoked_sessions (
  session_hash TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
);
CREATE INDEX revoked_sessions_expires_at ON revoked_sessions (expires_at);
CREATE TABLE sign_in_failures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_key TEXT NOT NULL,
  time TEXT NOT NULL
);
CREATE INDEX sign_in_failures_client_time ON sign_in_failures (client_key, time);
`;

// The watcher (issue 12): the lease one replica holds, the watcher's own state, incidents with their timeline, and
// the recorded state changes uptime is computed from.
const V3_WATCH = `
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until_at TEXT NOT NULL
);
CREATE TABLE watcher_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  body TEXT NOT NULL
);
-- At most one open incident, whichever replica (or a confused one) tries to open another.
CREATE UNIQUE INDEX incidents_one_open ON incidents (status) WHERE status = 'open';
CREATE INDEX incidents_detected_at ON incidents (detected_at, id);
CREATE TABLE incident_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL,
  time TEXT NOT NULL,
  kind TEXT NOT NULL,
  params TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
CREATE TABLE state_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  part TEXT NOT NULL,
  time TEXT NOT NULL,
  state TEXT NOT NULL
);
CREATE INDEX state_changes_part_time ON state_changes (part, time);
CREATE INDEX state_changes_time ON state_changes (time);
`;

// Maintenance windows (issue 13): ended ones stay, so uptime can leave their time out.
const V4_MAINTENANCE = `
CREATE TABLE maintenance_windows (
  id TEXT PRIMARY KEY,
  from_at TEXT NOT NULL,
  until_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  containers TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX maintenance_windows_until ON maintenance_windows (until_at);
`;

// Notifications (issue 13): the delivery queue (a row first, then attempts; `id` is the X-Cascade-Delivery id, so a
// message is enqueued once) and what each channel last heard of each incident (the reconciler's memory).
const V5_NOTIFY = `
CREATE TABLE notify_deliveries (
  row_id INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  incident_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  event TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  claimed_until TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT,
  answer TEXT,
  sent_at TEXT,
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

export const SQLITE_MIGRATIONS: readonly string[] = [V1_TABLES, V2_SESSIONS, V3_WATCH, V4_MAINTENANCE, V5_NOTIFY];

/** Brings the file to SCHEMA_VERSION in one write transaction, so two processes opening it at once cannot both migrate. */
export function migrateSqlite(db: Database.Database, file: string): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
  const migrate = db.transaction(() => {
    const row = db.prepare("SELECT version FROM schema_version WHERE id = 1").get() as { version: number } | undefined;
    const pending = pendingMigrations(SQLITE_MIGRATIONS, row?.version ?? 0, file);
    if (pending.length === 0) return;
    for (const step of pending) db.exec(step);
    db.prepare("INSERT INTO schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version").run(
      SCHEMA_VERSION,
    );
  });
  migrate.immediate();
}
