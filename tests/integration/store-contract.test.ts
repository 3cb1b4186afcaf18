import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { VerifyRun } from "@/lib/contracts/operations";
import { openPostgresStore } from "@/server/store/postgres-store";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { AuditInput, CascadeStore, SnapshotRecord } from "@/server/store/types";
import { type PostgresServer, startPostgresServer } from "../support/postgres-server";

// One contract, two stores: SQLite (the default) and PostgreSQL (shared by replicas) must behave the same, down to
// the bytes of every timestamp. The PostgreSQL server is a real, throwaway one on 127.0.0.1.

let server: PostgresServer;
const tempDirs: string[] = [];
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-store-"));
  tempDirs.push(dir);
  return dir;
};

let databaseCount = 0;
const freshDatabase = () => server.createDatabase(`store_${process.pid}_${++databaseCount}`);

/** Runs one statement on a connection of its own, past the store: what any other client of the database could do. */
async function rawPostgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Backend {
  /** A store on an empty database, a way to reopen it, and raw SQL beside it. */
  open(): Promise<{ store: CascadeStore; reopen(): CascadeStore; raw(sql: string): Promise<void> }>;
}

const BACKENDS: [string, Backend][] = [
  [
    "sqlite",
    {
      async open() {
        const file = path.join(tempDir(), "cascade.db");
        return {
          store: openSqliteStore(file),
          reopen: () => openSqliteStore(file),
          async raw(sql) {
            const db = new Database(file);
            try {
              db.prepare(sql).run();
            } finally {
              db.close();
            }
          },
        };
      },
    },
  ],
  [
    "postgres",
    {
      async open() {
        const url = await freshDatabase();
        return { store: openPostgresStore(url), reopen: () => openPostgresStore(url), raw: (sql) => rawPostgres(url, sql) };
      },
    },
  ],
];

const audit = (overrides: Partial<AuditInput> = {}): AuditInput => ({
  actor: "ops-oncall",
  role: "operator",
  action: "container.restart",
  subject: "auren-api",
  requestId: "req-1",
  result: "started",
  detail: null,
  ...overrides,
});

const verifyRun = (id: string, startedAt: string, status: VerifyRun["status"] = "running"): VerifyRun => ({
  id,
  actor: "ops-oncall",
  status,
  startedAt,
  finishedAt: status === "running" ? null : startedAt,
  steps: [
    {
      id: "api-up",
      title: "auren-api is up",
      status: status === "running" ? "running" : "passed",
      detail: null,
      dependsOn: [],
      startedAt,
      finishedAt: null,
    },
  ],
});

const snapshot = (id: string, expiresAt: string, overrides: Partial<SnapshotRecord> = {}): SnapshotRecord => ({
  id,
  deleteSecretHash: "a".repeat(64),
  createdAt: "2030-01-01T00:00:00.000Z",
  expiresAt,
  createdBy: "ops-oncall",
  title: "auren-api down",
  body: JSON.stringify({ board: { status: "down" } }),
  ...overrides,
});

describe.each(BACKENDS)("the %s store", (_name, backend) => {
  const opened: CascadeStore[] = [];
  const open = async () => {
    const handle = await backend.open();
    opened.push(handle.store);
    return { ...handle, reopen: () => opened[opened.push(handle.reopen()) - 1]! };
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it("stores an audit row and gives back exactly what was written", async () => {
    const { store } = await open();
    const input = audit({
      time: "2030-05-06T07:08:09.123Z",
      detail: `{"name":"on-failure"} — ünïcödé 'quoted' \\ line\nbreak`,
      result: "ok",
    });
    const written = await store.appendAudit(input);
    expect(written).toEqual({ ...input, id: written.id });
    expect(await store.listAudit()).toEqual([written]);
    const withoutDetail = await store.appendAudit(audit({ time: "2030-05-06T07:08:10.000Z", result: "denied" }));
    expect(withoutDetail.detail).toBeNull();
    expect((await store.listAudit())[0]).toEqual(withoutDetail);
  });

  it("stamps the time when none is given, in toISOString form", async () => {
    const { store } = await open();
    const before = new Date().toISOString();
    const entry = await store.appendAudit(audit());
    expect(entry.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
    expect(entry.time >= before).toBe(true);
    expect((await store.listAudit())[0]!.time).toBe(entry.time);
  });

  it("lists newest first and pages with limit and beforeId", async () => {
    const { store } = await open();
    const written = [];
    for (let index = 0; index < 7; index++) written.push(await store.appendAudit(audit({ requestId: `req-${index}` })));
    const ids = written.map((entry) => entry.id);
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);

    expect(await store.listAudit()).toEqual([...written].reverse());
    const firstPage = await store.listAudit({ limit: 3 });
    expect(firstPage.map((entry) => entry.requestId)).toEqual(["req-6", "req-5", "req-4"]);
    const secondPage = await store.listAudit({ limit: 3, beforeId: firstPage.at(-1)!.id });
    expect(secondPage.map((entry) => entry.requestId)).toEqual(["req-3", "req-2", "req-1"]);
    const lastPage = await store.listAudit({ limit: 3, beforeId: secondPage.at(-1)!.id });
    expect(lastPage.map((entry) => entry.requestId)).toEqual(["req-0"]);
    expect(await store.listAudit({ limit: 3, beforeId: lastPage[0]!.id })).toEqual([]);
  });

  it("keeps what it stored when opened again", async () => {
    const { store, reopen } = await open();
    const entry = await store.appendAudit(audit({ time: "2030-01-01T00:00:00.000Z" }));
    await store.saveVerifyRun(verifyRun("run-1", "2030-01-01T00:00:00.000Z"));
    await store.close();
    const again = reopen();
    expect(await again.listAudit()).toEqual([entry]);
    expect((await again.getVerifyRun("run-1"))?.id).toBe("run-1");
    const next = await again.appendAudit(audit());
    expect(next.id).toBeGreaterThan(entry.id);
  });

  it("refuses, in the database itself, to change or remove an audit row", async () => {
    const { store, raw } = await open();
    const entry = await store.appendAudit(audit({ time: "2030-01-01T00:00:00.000Z" }));
    await expect(raw(`UPDATE audit_log SET actor = 'mallory' WHERE id = ${entry.id}`)).rejects.toThrow(/append-only/);
    await expect(raw(`DELETE FROM audit_log WHERE id = ${entry.id}`)).rejects.toThrow(/append-only/);
    await expect(raw("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    expect(await store.listAudit()).toEqual([entry]);
  });

  it("saves, overwrites and finds verify runs", async () => {
    const { store } = await open();
    expect(await store.getVerifyRun("run-unknown")).toBeNull();
    expect(await store.latestVerifyRun()).toBeNull();

    const early = verifyRun("run-early", "2030-01-01T10:00:00.000Z");
    const late = verifyRun("run-late", "2030-01-01T12:00:00.000Z");
    const middle = verifyRun("run-middle", "2030-01-01T11:00:00.000Z");
    for (const run of [early, late, middle]) await store.saveVerifyRun(run);
    expect(await store.getVerifyRun("run-early")).toEqual(early);
    expect(await store.getVerifyRun("run-middle")).toEqual(middle);
    // Latest by startedAt, not by the order of saving.
    expect(await store.latestVerifyRun()).toEqual(late);

    const finished = { ...early, status: "passed" as const, finishedAt: "2030-01-01T10:00:05.000Z" };
    await store.saveVerifyRun(finished);
    expect(await store.getVerifyRun("run-early")).toEqual(finished);
    expect(await store.latestVerifyRun()).toEqual(late);
    expect(await store.getVerifyRun("run-unknown")).toBeNull();
  });

  it("creates, finds and deletes snapshots, refusing a duplicate id", async () => {
    const { store } = await open();
    const record = snapshot("snap-1", "2030-02-01T00:00:00.000Z");
    await store.createSnapshot(record);
    expect(await store.getSnapshot("snap-1")).toEqual(record);
    await expect(store.createSnapshot(snapshot("snap-1", "2031-01-01T00:00:00.000Z", { title: "other" }))).rejects.toThrow();
    expect(await store.getSnapshot("snap-1")).toEqual(record);
    expect(await store.getSnapshot("snap-unknown")).toBeNull();

    expect(await store.deleteSnapshot("snap-1")).toBe(true);
    expect(await store.getSnapshot("snap-1")).toBeNull();
    expect(await store.deleteSnapshot("snap-1")).toBe(false);
    expect(await store.deleteSnapshot("snap-unknown")).toBe(false);
  });

  it("removes only the snapshots that have expired", async () => {
    const { store } = await open();
    const now = new Date("2030-06-01T12:00:00.000Z");
    await store.createSnapshot(snapshot("snap-past", "2030-06-01T11:59:59.999Z"));
    await store.createSnapshot(snapshot("snap-now", now.toISOString()));
    const future = snapshot("snap-future", "2030-06-01T12:00:00.001Z");
    await store.createSnapshot(future);

    expect(await store.deleteExpiredSnapshots(now)).toBe(2);
    expect(await store.getSnapshot("snap-past")).toBeNull();
    expect(await store.getSnapshot("snap-now")).toBeNull();
    expect(await store.getSnapshot("snap-future")).toEqual(future);
    expect(await store.deleteExpiredSnapshots(now)).toBe(0);
  });

  it("stores 50 audit rows written at once, each under its own id", async () => {
    const { store } = await open();
    const written = await Promise.all(
      Array.from({ length: 50 }, (_, index) => store.appendAudit(audit({ requestId: `parallel-${index}` }))),
    );
    const ids = written.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(50);
    const listed = await store.listAudit({ limit: 100 });
    expect(listed).toHaveLength(50);
    expect(new Set(listed.map((entry) => entry.id))).toEqual(new Set(ids));
    for (const entry of written) expect(listed.find((row) => row.id === entry.id)).toEqual(entry);
  });

  it("holds one action lock per key across takers, until released or expired", async () => {
    const { store } = await open();
    const holder = { actor: "otto", action: "restart", since: "2030-01-01T00:00:00.000Z" };
    expect(await store.acquireLock("container:a", "t1", holder, 60_000)).toEqual({ acquired: true, holder });
    expect(await store.acquireLock("container:a", "t2", { ...holder, actor: "ada" }, 60_000)).toEqual({ acquired: false, holder });
    expect((await store.acquireLock("container:b", "t3", holder, 60_000)).acquired).toBe(true);
    await store.releaseLock("container:a", "t2"); // not the holder: nothing happens
    expect((await store.acquireLock("container:a", "t4", holder, 60_000)).acquired).toBe(false);
    await store.releaseLock("container:a", "t1");
    expect((await store.acquireLock("container:a", "t5", { ...holder, actor: "ada" }, 1)).holder.actor).toBe("ada");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await store.acquireLock("container:a", "t6", holder, 60_000)).acquired).toBe(true); // t5's lock expired
  });

  it("gives a contended lock to exactly one of many simultaneous takers", async () => {
    const { store } = await open();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.acquireLock(
          "container:x",
          `t${index}`,
          { actor: `user${index}`, action: "restart", since: "2030-01-01T00:00:00.000Z" },
          60_000,
        ),
      ),
    );
    expect(results.filter((result) => result.acquired)).toHaveLength(1);
    const winner = results.find((result) => result.acquired)!.holder.actor;
    expect(results.every((result) => result.holder.actor === winner)).toBe(true);
  });
  it("keeps a signed-out session refused until its expiry, then forgets it", async () => {
    const { store, reopen } = await open();
    const now = new Date();
    const soon = new Date(now.getTime() + 60_000).toISOString();
    expect(await store.isSessionRevoked("session-a", now)).toBe(false);
    await store.revokeSession("session-a", soon);
    // Twice is no error: a replayed sign-out.
    await store.revokeSession("session-a", soon);
    expect(await store.isSessionRevoked("session-a", now)).toBe(true);
    expect(await reopen().isSessionRevoked("session-a", now)).toBe(true);
    expect(await store.isSessionRevoked("session-b", now)).toBe(false);
    expect(await store.isSessionRevoked("session-a", new Date(now.getTime() + 61_000))).toBe(false);
    // An expired revocation is removed on the next sign-out.
    await store.revokeSession("session-old", new Date(now.getTime() - 1).toISOString());
    expect(await store.isSessionRevoked("session-old", new Date(now.getTime() - 1_000))).toBe(true);
    await store.revokeSession("session-c", soon);
    expect(await store.isSessionRevoked("session-old", new Date(now.getTime() - 1_000))).toBe(false);
  });

  it("counts failed sign-ins per client inside the window and drops the old ones", async () => {
    const { store, reopen } = await open();
    const base = Date.parse("2030-01-01T00:00:00.000Z");
    const at = (seconds: number) => new Date(base + seconds * 1000);
    await store.recordSignInFailure("10.0.0.1", at(0), at(-300));
    await store.recordSignInFailure("10.0.0.1", at(10), at(-290));
    await store.recordSignInFailure("10.0.0.2", at(20), at(-280));
    expect(await store.listSignInFailures("10.0.0.1", at(-300))).toEqual([at(0).toISOString(), at(10).toISOString()]);
    expect(await reopen().listSignInFailures("10.0.0.1", at(5))).toEqual([at(10).toISOString()]);
    expect(await store.listSignInFailures("10.0.0.2", at(-300))).toEqual([at(20).toISOString()]);
    // Recording at 400 s with a 300 s window forgets everything before 100 s, for every client.
    await store.recordSignInFailure("10.0.0.1", at(400), at(100));
    expect(await store.listSignInFailures("10.0.0.1", at(-1000))).toEqual([at(400).toISOString()]);
    expect(await store.listSignInFailures("10.0.0.2", at(-1000))).toEqual([]);
  });
});

describe("the postgres store, beyond the shared contract", () => {
  it("refuses TRUNCATE of the audit log", async () => {
    const url = await freshDatabase();
    const store = openPostgresStore(url);
    const entry = await store.appendAudit(audit({ time: "2030-01-01T00:00:00.000Z" }));
    await expect(rawPostgres(url, "TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    expect(await store.listAudit()).toEqual([entry]);
    await store.close();
  });

  it("lets several replicas start on one empty database at once", async () => {
    const url = await freshDatabase();
    const replicas = Array.from({ length: 4 }, () => openPostgresStore(url));
    const written = await Promise.all(replicas.map((replica, index) => replica.appendAudit(audit({ requestId: `replica-${index}` }))));
    expect(new Set(written.map((entry) => entry.id)).size).toBe(4);
    // Every replica reads every replica's rows.
    for (const replica of replicas)
      expect((await replica.listAudit()).map((entry) => entry.requestId).sort()).toEqual([
        "replica-0",
        "replica-1",
        "replica-2",
        "replica-3",
      ]);
    await Promise.all(replicas.map((replica) => replica.close()));
  });

  it("fails each call with a clear reason while the database is missing, and works once it exists", async () => {
    const name = `store_late_${process.pid}`;
    const url = server.url.replace(/\/cascade_test$/, `/${name}`).replace("postgres@", "postgres:hunter2secret@");
    const store = openPostgresStore(url);
    const failure = await store.appendAudit(audit()).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(new RegExp(`^PostgreSQL store unavailable \\(127\\.0\\.0\\.1:\\d+/${name}\\): .*${name}`));
    expect((failure as Error).message).not.toContain("hunter2secret");
    await server.createDatabase(name);
    // The failed schema setup is not memoised: the next call sets it up and writes.
    const entry = await store.appendAudit(audit({ requestId: "after-create" }));
    expect((await store.listAudit()).map((row) => row.id)).toEqual([entry.id]);
    await store.close();
  });
});

describe("getStore() picks the store from DATABASE_URL", () => {
  const slot = Symbol.for("cascade.store");
  // The settings are one per process too: read again from the stubbed environment.
  const settingsSlot = Symbol.for("cascade.settings");
  const singletons = globalThis as unknown as Record<symbol, CascadeStore | undefined>;

  /** getStore() of a freshly imported module, with no store made yet in this process. */
  async function freshGetStore(databaseUrl: string | undefined) {
    vi.stubEnv("CASCADE_CONFIG", path.resolve(__dirname, "../../demo/cascade.yaml"));
    vi.stubEnv("CASCADE_DATA_DIR", tempDir());
    vi.stubEnv("DATABASE_URL", databaseUrl);
    delete singletons[slot];
    delete singletons[settingsSlot];
    vi.resetModules();
    return (await import("@/server/store")).getStore;
  }
  afterEach(async () => {
    await singletons[slot]?.close();
    delete singletons[slot];
    delete singletons[settingsSlot];
    vi.unstubAllEnvs();
  });

  it("uses PostgreSQL when DATABASE_URL is a postgres:// URL", async () => {
    const url = await freshDatabase();
    const getStore = await freshGetStore(url);
    const store = getStore();
    expect(store.kind).toBe("postgres");
    expect(getStore()).toBe(store);
    await store.appendAudit(audit({ requestId: "via-get-store" }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ request_id: string }>("SELECT request_id FROM audit_log");
    await client.end();
    expect(rows).toEqual([{ request_id: "via-get-store" }]);
  });

  it("accepts the postgresql:// spelling too", async () => {
    const url = (await freshDatabase()).replace(/^postgres:/, "postgresql:");
    const store = (await freshGetStore(url))();
    expect(store.kind).toBe("postgres");
    expect((await store.appendAudit(audit())).id).toBe(1);
  });

  it("uses SQLite in the data directory when DATABASE_URL is not set", async () => {
    const getStore = await freshGetStore(undefined);
    const store = getStore();
    expect(store.kind).toBe("sqlite");
    await store.appendAudit(audit());
    expect(fs.existsSync(path.join(process.env.CASCADE_DATA_DIR!, "cascade.db"))).toBe(true);
  });

  it("fails closed, without crashing or falling back to SQLite, on a DATABASE_URL that is not PostgreSQL", async () => {
    const store = (await freshGetStore("mysql://cascade:hunter2secret@127.0.0.1/cascade"))();
    const failure = await store.appendAudit(audit()).catch((error: Error) => error);
    expect((failure as Error).message).toBe(
      "PostgreSQL store unavailable (DATABASE_URL): DATABASE_URL must start with postgres:// or postgresql://, not mysql://",
    );
    expect(fs.readdirSync(process.env.CASCADE_DATA_DIR!)).toEqual([]);
  });

  it("fails closed with the target, not the password, when PostgreSQL cannot be reached", async () => {
    // The server's own port once it is stopped would do too; a port nothing listens on is simpler.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const store = (await freshGetStore(`postgres://cascade:hunter2secret@127.0.0.1:${closedPort}/cascade`))();
    expect(store.kind).toBe("postgres");
    const failure = await store.listAudit().catch((error: Error) => error);
    expect((failure as Error).message).toMatch(
      new RegExp(`^PostgreSQL store unavailable \\(127\\.0\\.0\\.1:${closedPort}/cascade\\): .*ECONNREFUSED`),
    );
    expect((failure as Error).message).not.toContain("hunter2secret");
  });
});
