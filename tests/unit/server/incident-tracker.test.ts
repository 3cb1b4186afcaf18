import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";
import { IncidentTracker } from "@/server/watcher/incident-tracker";

// The tracker on a real SQLite file with an injected clock: a store that refuses a write never leaves half an
// incident, a clock that jumps back never writes events before earlier ones, and a new process records the gap.

const RULES = { openAfter: 2, resolveAfter: 3 };
const T = (second: number) => new Date(Date.parse("2030-01-01T00:00:00.000Z") + second * 1000);
const stores: CascadeStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

function openStore(): CascadeStore {
  const store = openSqliteStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cascade-tracker-")), "cascade.db"));
  stores.push(store);
  return store;
}

const diagnosis = (status: "ok" | "down"): Diagnosis =>
  ({
    status,
    docker: { reachable: true },
    containers: [{ name: "auren-api", state: status === "ok" ? "running" : "exited", health: null }],
    dashboards: [],
    summary: {
      causes:
        status === "ok"
          ? []
          : [
              {
                kind: "container-exited",
                subject: "auren-api",
                params: { container: "auren-api" },
                since: T(-2).toISOString(),
                root: true,
              },
            ],
    },
  }) as unknown as Diagnosis;

describe("the incident tracker", () => {
  it("leaves no half-written incident when the store refuses a write, and opens it on the next collection", async () => {
    const store = openStore();
    const tracker = new IncidentTracker(store, RULES, 1_000, "replica-a");
    await tracker.handle(diagnosis("down"), T(0));
    const createIncident = store.createIncident;
    store.createIncident = async () => {
      throw new Error("database or disk is full");
    };
    await expect(tracker.handle(diagnosis("down"), T(1))).rejects.toThrow("disk is full");
    expect(await store.getOpenIncident()).toBeNull();
    store.createIncident = createIncident;
    await tracker.handle(diagnosis("down"), T(2));
    const open = await store.getOpenIncident();
    expect(open).toMatchObject({ impactStartedAt: T(-2).toISOString(), rootCauses: [expect.objectContaining({ key: "local/auren-api" })] });
    expect((await store.listIncidents({ limit: 10 })).incidents).toHaveLength(1);
  });

  it("puts the finished container and Swarm service actions on the open incident's timeline, not their started rows", async () => {
    const store = openStore();
    const tracker = new IncidentTracker(store, RULES, 1_000, "replica-a");
    await tracker.handle(diagnosis("down"), T(0));
    await tracker.handle(diagnosis("down"), T(1));
    const row = { actor: "otto", role: "operator" as const, requestId: "req-00000001", detail: null };
    await store.appendAudit({ ...row, action: "service.restart", subject: "cascade-web", result: "started", time: T(2).toISOString() });
    await store.appendAudit({ ...row, action: "service.restart", subject: "cascade-web", result: "ok", time: T(2).toISOString() });
    await store.appendAudit({ ...row, action: "container.start", subject: "local/auren-api", result: "ok", time: T(3).toISOString() });
    await store.appendAudit({ ...row, action: "session.create", subject: "otto", result: "ok", time: T(3).toISOString() });
    await tracker.handle(diagnosis("down"), T(4));
    const open = (await store.getOpenIncident())!;
    const actions = (await store.listIncidentEvents(open.id)).filter((event) => event.kind === "action");
    expect(actions.map((event) => event.params)).toEqual([
      { action: "service.restart", actor: "otto", subject: "cascade-web", result: "ok" },
      { action: "container.start", actor: "otto", subject: "local/auren-api", result: "ok" },
    ]);
  });

  it("never writes before what it wrote when the clock jumps back, and records a gap when another process continues", async () => {
    const store = openStore();
    await new IncidentTracker(store, RULES, 1_000, "replica-a").handle(diagnosis("down"), T(0));
    await new IncidentTracker(store, RULES, 1_000, "replica-a").handle(diagnosis("down"), T(1));
    const restarted = new IncidentTracker(store, RULES, 1_000, "replica-b");
    await restarted.handle(diagnosis("down"), T(-3600)); // the clock jumped an hour back
    await restarted.handle(diagnosis("down"), T(20)); // and forward again
    const open = (await store.getOpenIncident())!;
    const times = (await store.listIncidentEvents(open.id)).map((event) => event.time);
    expect(times).toEqual([...times].sort());
    const events = await store.listIncidentEvents(open.id);
    expect(events.filter((event) => event.kind === "watcher-gap").map((event) => event.params)).toEqual([
      { from: T(1).toISOString(), to: T(20).toISOString(), ms: 19_000 },
    ]);
    const changes = await store.listStateChanges(T(-10), T(30));
    expect(changes.filter((change) => change.part === "container:local/auren-api").map((change) => [change.time, change.state])).toEqual([
      [T(0).toISOString(), "down"],
      [T(1).toISOString(), "unknown"],
      [T(20).toISOString(), "down"],
    ]);
  });
});
