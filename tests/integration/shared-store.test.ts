import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotSchema } from "@/lib/contracts/snapshot";
import { authConfig, signIn, TOKENS } from "../support/auth-board";
import { type RunningBoard, startBoard } from "../support/board-server";
import { type PostgresServer, startPostgresServer } from "../support/postgres-server";

// The store as the built board uses it: replicas sharing PostgreSQL share sign-out and the failed-sign-in limit; a
// store written by the previous version opens, old snapshots and their reports included; a newer one stops the board.

const FIXTURES = path.resolve(__dirname, "../fixtures/store");
const OLD_SNAPSHOT = "fixtureEngineerSnapshot1";
const TOKEN_ENV = { TEST_VIEWER_TOKEN: TOKENS.viewer, TEST_OPERATOR_TOKEN: TOKENS.operator, TEST_ADMIN_TOKEN: TOKENS.admin };

let server: PostgresServer;
const boards: RunningBoard[] = [];
const tempDirs: string[] = [];
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await Promise.all(boards.map((board) => board.stop()));
  await server?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-shared-"));
  tempDirs.push(dir);
  return dir;
};
let databases = 0;
const database = () => server.createDatabase(`shared_${process.pid}_${++databases}`);

async function board(env: Record<string, string>, extra = ""): Promise<RunningBoard> {
  const started = await startBoard(authConfig(extra), { ...TOKEN_ENV, ...env });
  boards.push(started);
  return started;
}

async function setVersion(url: string, version: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("UPDATE schema_version SET version = $1", [version]);
  } finally {
    await client.end();
  }
}

describe("two replicas sharing PostgreSQL", () => {
  let a: RunningBoard;
  let b: RunningBoard;
  beforeAll(async () => {
    // One data directory (the session secret) and one database, as replicas behind a load balancer have.
    const env = { CASCADE_DATA_DIR: tempDir(), DATABASE_URL: await database() };
    a = await board(env, "  trustProxy: true\n");
    b = await board(env, "  trustProxy: true\n");
  });

  it("refuses on one replica a session signed out on the other", async () => {
    const cookie = await signIn(a.url, "admin");
    expect((await fetch(`${b.url}/api/audit`, { headers: { cookie } })).status).toBe(200);
    const signOut = await fetch(`${a.url}/api/session`, { method: "DELETE", headers: { cookie, origin: a.url } });
    expect(signOut.status).toBe(200);
    for (const replica of [b, a]) {
      const refused = await fetch(`${replica.url}/api/audit`, { headers: { cookie } });
      expect(refused.status).toBe(401);
      expect((await refused.json()).error).toEqual({ code: "unauthenticated", message: "This session was signed out; sign in again." });
      expect(await (await fetch(`${replica.url}/api/session`, { headers: { cookie } })).json()).toMatchObject({ signedIn: false });
    }
    // A new sign-in is a new session.
    const again = await signIn(b.url, "admin");
    expect((await fetch(`${a.url}/api/audit`, { headers: { cookie: again } })).status).toBe(200);
  });

  it("counts failed sign-ins across replicas", async () => {
    const attempt = (replica: RunningBoard, token: string, client: string) =>
      fetch(`${replica.url}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": client },
        body: JSON.stringify({ token }),
      });
    for (let failure = 0; failure < 10; failure++) {
      expect((await attempt(failure % 2 ? a : b, "wrong-token-0123456789", "198.51.100.9")).status).toBe(401);
    }
    const limited = await attempt(b, TOKENS.admin, "198.51.100.9");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await attempt(a, TOKENS.admin, "198.51.100.9")).status).toBe(429);
    // Another client is not limited.
    expect((await attempt(a, TOKENS.admin, "198.51.100.10")).status).toBe(200);
  });
});

async function expectOldSnapshotOpens(url: string) {
  const json = await fetch(`${url}/api/snapshots/${OLD_SNAPSHOT}`);
  expect(json.status).toBe(200);
  const snapshot = snapshotSchema.parse(await json.json());
  expect(snapshot).toMatchObject({ id: OLD_SNAPSHOT, createdBy: "alice", engineerDetails: true, withheld: null });
  expect(snapshot.board.containers.some((container) => container.logTail.length > 0)).toBe(true);
  const report = await fetch(`${url}/api/snapshots/${OLD_SNAPSHOT}/report.md`);
  expect(report.status).toBe(200);
  const markdown = await report.text();
  expect(markdown).toContain(snapshot.board.summary.headline);
  expect(markdown).toContain("Taken for the post-mortem.");
  const page = await fetch(`${url}/s/${OLD_SNAPSHOT}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Taken for the post-mortem.");
  // And the old audit rows are there, newest first.
  const audit = await fetch(`${url}/api/audit`, { headers: { authorization: `Bearer ${TOKENS.admin}` } });
  const { entries } = (await audit.json()) as { entries: { id: number; detail: string | null }[] };
  expect(entries.find((entry) => entry.id === 2)?.detail).toBe("restarted in 4.0 s");
}

describe("a store written by the previous version", () => {
  it("opens on SQLite: the board migrates it at start and serves the snapshots already shared", async () => {
    const dataDir = tempDir();
    fs.copyFileSync(path.join(FIXTURES, "previous.sqlite"), path.join(dataDir, "cascade.db"));
    const started = await board({ CASCADE_DATA_DIR: dataDir });
    await expectOldSnapshotOpens(started.url);
    const db = new Database(path.join(dataDir, "cascade.db"), { readonly: true });
    expect((db.prepare("SELECT version FROM schema_version").get() as { version: number }).version).toBeGreaterThan(0);
    db.close();
  });

  it("opens on PostgreSQL (a pg_dump of the previous version) the same way", async () => {
    const url = await database();
    await server.loadSql(url, path.join(FIXTURES, "previous.postgres.sql"));
    const started = await board({ CASCADE_DATA_DIR: tempDir(), DATABASE_URL: url });
    await expectOldSnapshotOpens(started.url);
  });
});

describe("a store written by a newer Cascade", () => {
  it("stops the board at start with one clear message (SQLite)", async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, "cascade.db");
    fs.copyFileSync(path.join(FIXTURES, "previous.sqlite"), file);
    const db = new Database(file);
    db.exec("CREATE TABLE schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
    db.exec("INSERT INTO schema_version (id, version) VALUES (1, 999)");
    db.close();
    await expect(board({ CASCADE_DATA_DIR: dataDir })).rejects.toThrow(
      new RegExp(
        `the store at ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} has schema version 999, newer than this Cascade \\(\\d+\\): upgrade Cascade`,
      ),
    );
  });

  it("stops the board at start with one clear message (PostgreSQL)", async () => {
    const url = await database();
    await server.loadSql(url, path.join(FIXTURES, "previous.postgres.sql"));
    const first = await board({ CASCADE_DATA_DIR: tempDir(), DATABASE_URL: url });
    await first.stop();
    await setVersion(url, 999);
    await expect(board({ CASCADE_DATA_DIR: tempDir(), DATABASE_URL: url })).rejects.toThrow(
      /the store at 127\.0\.0\.1:\d+\/shared_\d+_\d+ has schema version 999, newer than this Cascade \(\d+\): upgrade Cascade/,
    );
  });
});
