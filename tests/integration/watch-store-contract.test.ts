import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { IncidentRecord } from "@/lib/incidents/types";
import { openPostgresStore } from "@/server/store/postgres-store";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";
import { type PostgresServer, startPostgresServer } from "../support/postgres-server";

// The watcher's part of the store contract (schema version 3), on SQLite and on a real PostgreSQL: the lease, one
// open incident at a time, acknowledgements that survive the tracker's writes, the cursor, and state changes.

let server: PostgresServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

let databases = 0;
const BACKENDS: [string, () => Promise<() => CascadeStore>][] = [
  [
    "sqlite",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-watch-store-"));
      dirs.push(dir);
      return () => openSqliteStore(path.join(dir, "cascade.db"));
    },
  ],
  [
    "postgres",
    async () => {
      const url = await server.createDatabase(`watch_${process.pid}_${++databases}`);
      return () => openPostgresStore(url);
    },
  ],
];

const T = (second: number) => new Date(Date.parse("2030-01-01T00:00:00.000Z") + second * 1000);
const incident = (id: string, second: number, overrides: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id,
  status: "open",
  title: { kind: "container-exited", params: { container: "auren-api", exitCode: 0 }, status: "down" },
  worstStatus: "down",
  impactStartedAt: T(second - 5).toISOString(),
  detectedAt: T(second).toISOString(),
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgeNote: null,
  resolvedAt: null,
  rootCauses: [],
  ...overrides,
});

describe.each(BACKENDS)("the %s store's watcher tables", (_name, prepare) => {
  const opened: CascadeStore[] = [];
  // Each test gets an empty database; open() gives another connection to it (another replica).
  let open: () => CascadeStore;
  beforeEach(async () => {
    const factory = await prepare();
    open = () => opened[opened.push(factory()) - 1]!;
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it("gives the lease to one holder, renews it for that holder only, and hands it over once it expires", async () => {
    const [a, b] = [open(), open()];
    expect(await a.takeLease("watcher", "replica-a", 1_500, T(0))).toEqual({
      held: true,
      holder: "replica-a",
      until: T(1.5).toISOString(),
    });
    expect(await b.takeLease("watcher", "replica-b", 1_500, T(1))).toMatchObject({ held: false, holder: "replica-a" });
    expect(await a.takeLease("watcher", "replica-a", 1_500, T(1))).toMatchObject({ held: true, until: T(2.5).toISOString() });
    expect(await b.takeLease("watcher", "replica-b", 1_500, T(2))).toMatchObject({ held: false, holder: "replica-a" });
    expect(await b.takeLease("watcher", "replica-b", 1_500, T(3))).toMatchObject({ held: true, holder: "replica-b" });
    expect(await a.takeLease("watcher", "replica-a", 1_500, T(3.5))).toMatchObject({ held: false, holder: "replica-b" });
    await b.releaseLease("watcher", "replica-b");
    expect(await a.readLease("watcher")).toEqual({ held: false, holder: null, until: null });
  });

  it("of ten replicas taking the lease at once, exactly one holds it", async () => {
    const stores = Array.from({ length: 10 }, () => open());
    const results = await Promise.all(stores.map((store, index) => store.takeLease("watcher", `r${index}`, 5_000, T(100))));
    expect(results.filter((result) => result.held)).toHaveLength(1);
  });

  it("keeps one open incident at a time, with its timeline in order", async () => {
    const store = open();
    await store.createIncident(incident("i-1", 10), [{ time: T(10).toISOString(), kind: "opened", params: { status: "down" } }]);
    await expect(store.createIncident(incident("i-2", 11), [])).rejects.toThrow();
    expect((await store.getOpenIncident())?.id).toBe("i-1");
    await store.updateIncident(incident("i-1", 10, { status: "resolved", resolvedAt: T(20).toISOString() }), [
      { time: T(20).toISOString(), kind: "resolved", params: { okCollections: 3 } },
    ]);
    expect(await store.getOpenIncident()).toBeNull();
    await store.createIncident(incident("i-2", 30), []);
    expect((await store.listIncidentEvents("i-1")).map((event) => event.kind)).toEqual(["opened", "resolved"]);
    expect(await store.getIncident("i-1")).toMatchObject({ status: "resolved", resolvedAt: T(20).toISOString() });
  });

  it("keeps an acknowledgement that arrives while the tracker updates the incident", async () => {
    const store = open();
    await store.createIncident(incident("i-ack", 10), []);
    const readByTracker = (await store.getIncident("i-ack"))!;
    await store.acknowledgeIncident("i-ack", "ops-oncall", "looking", T(12).toISOString());
    await store.updateIncident({ ...readByTracker, worstStatus: "down" }, []);
    expect(await store.getIncident("i-ack")).toMatchObject({ acknowledgedBy: "ops-oncall", acknowledgeNote: "looking" });
    expect(await store.acknowledgeIncident("nope", "ops", "", T(13).toISOString())).toBeNull();
  });

  it("pages incidents newest first through an opaque cursor", async () => {
    const store = open();
    for (let index = 0; index < 5; index += 1) {
      await store.createIncident(incident(`p-${index}`, index * 100, { status: "resolved" }), []);
    }
    const first = await store.listIncidents({ limit: 2 });
    expect(first.incidents.map((item) => item.id)).toEqual(["p-4", "p-3"]);
    const second = await store.listIncidents({ limit: 2, before: first.next! });
    expect(second.incidents.map((item) => item.id)).toEqual(["p-2", "p-1"]);
    const third = await store.listIncidents({ limit: 2, before: second.next! });
    expect(third).toEqual({ incidents: [expect.objectContaining({ id: "p-0" })], next: null });
  });

  it("gives the state changes of a window with each part's state at its start, and prunes old history", async () => {
    const store = open();
    await store.appendStateChanges([
      { part: "stack", time: T(0).toISOString(), state: "ok" },
      { part: "stack", time: T(50).toISOString(), state: "down" },
      { part: "stack", time: T(150).toISOString(), state: "ok" },
    ]);
    expect(await store.listStateChanges(T(100), T(200))).toEqual([
      { part: "stack", time: T(50).toISOString(), state: "down" },
      { part: "stack", time: T(150).toISOString(), state: "ok" },
    ]);
    await store.pruneWatchHistory(T(100));
    expect((await store.listStateChanges(T(0), T(200))).map((change) => change.time)).toEqual([T(50).toISOString(), T(150).toISOString()]);
  });
});
