import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotSchema } from "@/lib/contracts/snapshot";
import { renderSnapshotReport } from "@/lib/snapshots/report-markdown";
import { openPostgresStore } from "@/server/store/postgres-store";
import { SCHEMA_VERSION, StoreVersionError } from "@/server/store/schema-version";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";
import { type PostgresServer, startPostgresServer } from "../support/postgres-server";

// Databases written by the previous version (tests/fixtures/store/README.md) open with this code: migrated forward,
// every row intact, and the snapshots already shared still open with their report. A database newer than the code
// is refused with one clear message, and left as it was.

const FIXTURES = path.resolve(__dirname, "../fixtures/store");
const SNAPSHOT_IDS = ["fixtureEngineerSnapshot1", "fixtureExecutiveSnapsh01"];

let server: PostgresServer;
const tempDirs: string[] = [];
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOfPreviousSqlite(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-migrate-"));
  tempDirs.push(dir);
  const file = path.join(dir, "cascade.db");
  fs.copyFileSync(path.join(FIXTURES, "previous.sqlite"), file);
  return file;
}

let databases = 0;
async function previousPostgres(): Promise<string> {
  const url = await server.createDatabase(`migrate_${process.pid}_${++databases}`);
  await server.loadSql(url, path.join(FIXTURES, "previous.postgres.sql"));
  return url;
}

async function postgresVersion(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('public.schema_version') AS name");
    if (!exists.rows[0].name) return null;
    return (await client.query("SELECT version FROM schema_version")).rows[0]?.version ?? null;
  } finally {
    await client.end();
  }
}

async function expectPreviousDataIntact(store: CascadeStore) {
  await store.ready();
  const audit = await store.listAudit();
  expect(audit.map((entry) => [entry.id, entry.action, entry.result])).toEqual([
    [7, "snapshot.create", "ok"],
    [6, "snapshot.create", "started"],
    [5, "snapshot.create", "ok"],
    [4, "snapshot.create", "started"],
    [3, "session.create", "denied"],
    [2, "container.restart", "ok"],
    [1, "container.restart", "started"],
  ]);
  expect(audit[5]).toMatchObject({ time: "2026-12-01T09:55:04.000Z", actor: "alice", detail: "restarted in 4.0 s" });
  const run = await store.getVerifyRun("run-fixture-1");
  expect(run?.status).toBe("failed");
  expect(run?.steps.map((step) => step.status)).toEqual(["failed", "skipped"]);
  for (const id of SNAPSHOT_IDS) {
    const record = await store.getSnapshot(id);
    expect(record?.expiresAt).toBe("2099-01-01T00:00:00.000Z");
    const snapshot = snapshotSchema.parse(JSON.parse(record!.body));
    const report = renderSnapshotReport(snapshot);
    expect(report).toContain(snapshot.board.summary.headline);
    expect(report).toContain("auren-prometheus");
  }
  // The new tables are there and work; new rows continue the old ids.
  await store.revokeSession("migrated-session", "2099-01-01T00:00:00.000Z");
  expect(await store.isSessionRevoked("migrated-session", new Date())).toBe(true);
  expect((await store.appendAudit({ ...audit[0]!, time: undefined })).id).toBe(8);
}

describe("a SQLite file written by the previous version", () => {
  it("is migrated to the current schema on open, with every row intact", async () => {
    const file = copyOfPreviousSqlite();
    const store = openSqliteStore(file);
    try {
      await expectPreviousDataIntact(store);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT version FROM schema_version").get()).toEqual({ version: SCHEMA_VERSION });
    db.close();
    // Opening again changes nothing and loses nothing.
    const again = openSqliteStore(file);
    expect((await again.listAudit()).length).toBe(8);
    await again.close();
  });

  it("stops an older Cascade with one clear message when the file is newer, leaving it untouched", async () => {
    const file = copyOfPreviousSqlite();
    await openSqliteStore(file).close();
    const db = new Database(file);
    db.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION + 3);
    db.close();
    const before = fs.readFileSync(file);
    expect(() => openSqliteStore(file)).toThrow(StoreVersionError);
    expect(() => openSqliteStore(file)).toThrow(
      `the store at ${file} has schema version ${SCHEMA_VERSION + 3}, newer than this Cascade (${SCHEMA_VERSION}): upgrade Cascade`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe("a PostgreSQL database written by the previous version", () => {
  it("is migrated to the current schema on first use, with every row intact", async () => {
    const url = await previousPostgres();
    expect(await postgresVersion(url)).toBeNull();
    const store = openPostgresStore(url);
    try {
      await expectPreviousDataIntact(store);
    } finally {
      await store.close();
    }
    expect(await postgresVersion(url)).toBe(SCHEMA_VERSION);
  });

  it("lets several replicas migrate it at once, exactly one doing the work", async () => {
    const url = await previousPostgres();
    const stores = Array.from({ length: 4 }, () => openPostgresStore(url));
    try {
      await Promise.all(stores.map((store) => store.ready()));
      expect((await stores[0]!.listAudit()).length).toBe(7);
      expect(await postgresVersion(url)).toBe(SCHEMA_VERSION);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it("refuses a newer database with one clear message, on every call, changing nothing", async () => {
    const url = await previousPostgres();
    const first = openPostgresStore(url);
    await first.ready();
    await first.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE schema_version SET version = $1", [SCHEMA_VERSION + 3]);
    await client.end();
    const store = openPostgresStore(url);
    try {
      const target = `127.0.0.1:${new URL(url).port}${new URL(url).pathname}`;
      const message = `the store at ${target} has schema version ${SCHEMA_VERSION + 3}, newer than this Cascade (${SCHEMA_VERSION}): upgrade Cascade`;
      await expect(store.ready()).rejects.toThrow(message);
      await expect(store.listAudit()).rejects.toThrow(StoreVersionError);
      await expect(
        store.appendAudit({ actor: "a", role: "operator", action: "x.y", subject: "s", requestId: "r", result: "ok", detail: null }),
      ).rejects.toThrow(message);
    } finally {
      await store.close();
    }
    expect(await postgresVersion(url)).toBe(SCHEMA_VERSION + 3);
  });
});
