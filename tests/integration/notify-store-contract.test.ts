import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AnnouncedState, NotifyMessage } from "@/lib/notify/types";
import { openPostgresStore } from "@/server/store/postgres-store";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";
import { incidentWith, T } from "../support/notify-incidents";
import { type PostgresServer, startPostgresServer } from "../support/postgres-server";

// The notification tables (schema version 4) on SQLite and on a real PostgreSQL: a delivery is enqueued once,
// claimed by one replica at a time, kept in order per incident and channel, never sent twice once recorded as sent,
// and given up with a line on the incident's timeline.

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
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-notify-store-"));
      dirs.push(dir);
      return () => openSqliteStore(path.join(dir, "cascade.db"));
    },
  ],
  [
    "postgres",
    async () => {
      const url = await server.createDatabase(`notify_${process.pid}_${++databases}`);
      return () => openPostgresStore(url);
    },
  ],
];

const announced = (event: AnnouncedState["event"], sequence: number): AnnouncedState => ({
  event,
  sequence,
  causeKeys: ["container-exited local/auren-api"],
  acknowledged: false,
  changedAt: T(0).toISOString(),
});
const message = (event: NotifyMessage["event"]): NotifyMessage => ({
  event,
  locale: "en",
  incident: {
    id: "inc-1",
    url: null,
    status: "open",
    worstStatus: "down",
    title: "The auren-api container exited",
    impactStartedAt: T(0).toISOString(),
    detectedAt: T(0).toISOString(),
    resolvedAt: null,
    acknowledgedBy: null,
    rootCauses: [],
    dashboards: [],
    timeToDetectMs: 0,
  },
});
const enqueue = (store: CascadeStore, event: "opened" | "resolved", sequence: number, second: number, channel = "ops") =>
  store.enqueueDelivery({
    incidentId: "inc-1",
    channel,
    announced: announced(event, sequence),
    delivery: { id: `inc-1.${event}.${sequence}.${channel}`, event, message: message(event), at: T(second).toISOString() },
  });

describe.each(BACKENDS)("the %s store's notification tables", (_name, prepare) => {
  const opened: CascadeStore[] = [];
  let open: () => CascadeStore;
  beforeEach(async () => {
    const factory = await prepare();
    open = () => opened[opened.push(factory()) - 1]!;
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it("enqueues a delivery once and remembers what each channel heard", async () => {
    const store = open();
    await enqueue(store, "opened", 1, 0);
    await enqueue(store, "opened", 1, 1);
    expect(await store.listDeliveries({ limit: 10 })).toHaveLength(1);
    expect(await store.readAnnounced("inc-1")).toEqual({ ops: announced("opened", 1) });
    expect(await store.listUnfinishedIncidents()).toEqual(["inc-1"]);
    await enqueue(store, "resolved", 2, 5);
    expect(await store.listUnfinishedIncidents()).toEqual([]);
    expect((await store.listDeliveries({ incidentId: "inc-1", limit: 10 })).map((row) => row.event)).toEqual(["resolved", "opened"]);
    expect(await store.listDeliveries({ incidentId: "other", limit: 10 })).toEqual([]);
  });

  it("hands a due delivery to one replica at a time, the oldest of its channel first, and never again once sent", async () => {
    const [a, b] = [open(), open()];
    await enqueue(a, "opened", 1, 0);
    await enqueue(a, "resolved", 2, 1);
    await enqueue(a, "opened", 1, 0, "other");
    const claimA = await a.claimDueDeliveries(T(2), T(12), 10);
    expect(claimA.map((row) => row.id).sort()).toEqual(["inc-1.opened.1.ops", "inc-1.opened.1.other"]);
    expect(claimA[0]!.message.incident.title).toBe("The auren-api container exited");
    expect(await b.claimDueDeliveries(T(3), T(13), 10)).toEqual([]);
    await a.recordAttempt("inc-1.opened.1.ops", { outcome: "sent", at: T(3).toISOString(), answer: "HTTP 200", remoteId: "msg-1" });
    expect(await b.remoteIdOf("inc-1", "ops")).toBe("msg-1");
    // A claim that expired (its sender died mid-request) is handed out again, with the same id.
    expect((await b.claimDueDeliveries(T(20), T(30), 10)).map((row) => row.id).sort()).toEqual([
      "inc-1.opened.1.other",
      "inc-1.resolved.2.ops",
    ]);
    await b.recordAttempt("inc-1.opened.1.ops", { outcome: "sent", at: T(21).toISOString(), answer: "HTTP 200" });
    const sent = (await b.listDeliveries({ limit: 10 })).find((row) => row.id === "inc-1.opened.1.ops")!;
    expect(sent).toMatchObject({ status: "sent", attempts: 1, sentAt: T(3).toISOString() });
  });

  it("schedules retries, gives up with a line on the incident's timeline, and names the failing channel", async () => {
    const store = open();
    await store.createIncident(incidentWith([]), []);
    await enqueue(store, "opened", 1, 0);
    await store.claimDueDeliveries(T(0), T(10), 10);
    await store.recordAttempt("inc-1.opened.1.ops", {
      outcome: "retry",
      at: T(1).toISOString(),
      answer: "HTTP 500",
      nextAttemptAt: T(2).toISOString(),
    });
    expect(await store.nextDueAt()).toBe(T(2).toISOString());
    expect(await store.claimDueDeliveries(T(1.5), T(11), 10)).toEqual([]);
    for (let attempt = 2; attempt <= 3; attempt++) {
      expect(await store.claimDueDeliveries(T(attempt * 2), T(attempt * 2 + 10), 10)).toHaveLength(1);
      await store.recordAttempt("inc-1.opened.1.ops", {
        outcome: attempt === 3 ? "failed" : "retry",
        at: T(attempt * 2).toISOString(),
        answer: "timeout after 5000 ms",
        nextAttemptAt: T(attempt * 2 + 1).toISOString(),
      } as never);
    }
    expect(await store.nextDueAt()).toBeNull();
    expect((await store.listIncidentEvents("inc-1")).filter((event) => event.kind === "delivery-failed")).toEqual([
      {
        time: T(6).toISOString(),
        kind: "delivery-failed",
        params: { channel: "ops", event: "opened", attempts: 3, answer: "timeout after 5000 ms" },
      },
    ]);
    expect(await store.listFailingChannels(T(0), 3)).toEqual([
      { channel: "ops", failures: 3, answer: "timeout after 5000 ms", at: T(6).toISOString() },
    ]);
    expect(await store.listFailingChannels(T(0), 4)).toEqual([]);
  });

  it("prunes deliveries older than the retention, never a pending one", async () => {
    const store = open();
    await enqueue(store, "opened", 1, 0);
    await enqueue(store, "resolved", 2, 1);
    await store.recordAttempt("inc-1.opened.1.ops", { outcome: "sent", at: T(2).toISOString(), answer: "HTTP 200" });
    await store.pruneNotifications(T(100));
    expect((await store.listDeliveries({ limit: 10 })).map((row) => row.id)).toEqual(["inc-1.resolved.2.ops"]);
    await store.recordAttempt("inc-1.resolved.2.ops", { outcome: "sent", at: T(3).toISOString(), answer: "HTTP 200" });
    await store.pruneNotifications(T(100));
    expect(await store.listDeliveries({ limit: 10 })).toEqual([]);
    expect(await store.readAnnounced("inc-1")).toEqual({});
  });
});
