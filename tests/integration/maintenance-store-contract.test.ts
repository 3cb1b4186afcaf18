import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MaintenanceWindow } from "@/lib/maintenance/windows";
import { openPostgresStore } from "@/server/store/postgres-store";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";
import { type PostgresServer, startPostgresServer } from "../support/postgres-server";

// The maintenance windows of the store contract (schema version 4), on SQLite and on a real PostgreSQL: current and
// upcoming windows are listed, a past range finds the windows in it, ending a running window keeps it (cut short) and
// ending an upcoming one removes it, once.

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
const BACKENDS: [string, () => Promise<CascadeStore>][] = [
  [
    "sqlite",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-maintenance-store-"));
      dirs.push(dir);
      return openSqliteStore(path.join(dir, "cascade.db"));
    },
  ],
  ["postgres", async () => openPostgresStore(await server.createDatabase(`maintenance_${process.pid}_${++databases}`))],
];

const T = (minute: number) => new Date(Date.parse("2030-01-01T12:00:00.000Z") + minute * 60_000);
const window = (id: string, from: number, until: number, containers: string[] | null = null): MaintenanceWindow => ({
  id,
  from: T(from).toISOString(),
  until: T(until).toISOString(),
  reason: `reason ${id}`,
  containers,
  createdBy: "otto",
  createdAt: T(from - 1).toISOString(),
});

describe.each(BACKENDS)("the %s store's maintenance windows", (_name, open) => {
  let store: CascadeStore;
  afterEach(async () => {
    await store?.close();
  });

  it("lists current and upcoming windows, oldest start first, and the windows of a past range", async () => {
    store = await open();
    await store.ready();
    await store.createMaintenanceWindow(window("past", -120, -60));
    await store.createMaintenanceWindow(window("later", 30, 60, ["auren-api", "auren-db"]));
    await store.createMaintenanceWindow(window("now", -10, 10));
    const current = await store.listMaintenanceWindows({ endingAfter: T(0) });
    expect(current.map((w) => w.id)).toEqual(["now", "later"]);
    expect(current[1]).toEqual(window("later", 30, 60, ["auren-api", "auren-db"]));
    const range = await store.listMaintenanceWindows({ endingAfter: T(-200), startingBefore: T(0) });
    expect(range.map((w) => w.id)).toEqual(["past", "now"]);
    await expect(store.createMaintenanceWindow(window("now", 0, 1))).rejects.toThrow();
  });

  it("cuts a running window short, removes an upcoming one, and ends each once", async () => {
    store = await open();
    await store.ready();
    await store.createMaintenanceWindow(window("now", -10, 10));
    await store.createMaintenanceWindow(window("later", 30, 60));
    expect((await store.endMaintenanceWindow("now", T(0)))?.until).toBe(T(10).toISOString());
    expect(await store.endMaintenanceWindow("now", T(0))).toBeNull();
    expect((await store.endMaintenanceWindow("later", T(0)))?.id).toBe("later");
    expect(await store.endMaintenanceWindow("later", T(0))).toBeNull();
    expect(await store.endMaintenanceWindow("unknown", T(0))).toBeNull();
    expect(await store.listMaintenanceWindows({ endingAfter: T(0) })).toEqual([]);
    const kept = await store.listMaintenanceWindows({ endingAfter: T(-60), startingBefore: T(60) });
    expect(kept).toEqual([{ ...window("now", -10, 10), until: T(0).toISOString() }]);
  });
});
