import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChannelConfig } from "@/server/config/notify-schema";
import { DEFAULT_BACKOFF_MS, type RetryPolicy } from "@/server/notify/backoff";
import { reconcileNotifications } from "@/server/notify/reconcile";
import { channelSecrets } from "@/server/notify/redact-channel";
import { registerBuiltInChannelTypes } from "@/server/notify/senders";
import { DeliveryWorker } from "@/server/notify/worker";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";
import { containerCause, incidentWith, T } from "../../support/notify-incidents";
import { type Receiver, startReceiver } from "../../support/notify-receivers";

// The queue on a real SQLite file, the senders against local receivers that validate their platform's documented
// shape, and the worker on an injected clock: one message per event and channel, nothing twice after a restart,
// retries on the documented schedule, given up after an hour with a line on the timeline.

registerBuiltInChannelTypes();
const POLICY: RetryPolicy = { backoffMs: DEFAULT_BACKOFF_MS, giveUpMs: 3_600_000 };
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function openStore(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cascade-notify-")), "cascade.db")) {
  const store = openSqliteStore(file);
  cleanup.push(() => store.close());
  return { store, file };
}

async function receiver(kind: Parameters<typeof startReceiver>[0], options?: { secret?: string }): Promise<Receiver> {
  const started = await startReceiver(kind, options);
  cleanup.push(() => started.close());
  return started;
}

const channel = (name: string, type: ChannelConfig["type"], url: string, extra: Partial<ChannelConfig> = {}) =>
  ({ name, type, url, on: ["opened", "changed", "resolved"], minStatus: "degraded", locale: "en", ...extra }) as ChannelConfig;

function setUp(store: CascadeStore, channels: ChannelConfig[], clock: { now: Date }) {
  const worker = new DeliveryWorker({
    store,
    channels: () => channels,
    policy: POLICY,
    secrets: () => channelSecrets({ channels }),
    now: () => clock.now,
  });
  const context = { store, channels, minIntervalMs: 60_000, publicUrl: "https://cascade.example.com", isHeld: () => false };
  const round = async () => {
    const enqueued = await reconcileNotifications(context, null, clock.now);
    await worker.tick();
    await worker.idle();
    return enqueued;
  };
  return { worker, round };
}

const five = ["auren-api", "auren-db", "auren-worker", "auren-cache", "auren-web"].map((name) => containerCause(name));

describe("notification delivery", () => {
  it("sends one opened and one resolved per channel, in each platform's documented shape; Discord edits its message", async () => {
    const { store } = openStore();
    const secret = "a-signing-secret-of-the-webhook";
    const [hook, slack, teams, discord] = [
      await receiver("webhook", { secret }),
      await receiver("slack"),
      await receiver("teams"),
      await receiver("discord"),
    ];
    const channels = [
      channel("hook", "webhook", hook.url, { secret } as Partial<ChannelConfig>),
      channel("slack", "slack", slack.url),
      channel("teams", "teams", teams.url, { locale: "de" }),
      channel("discord", "discord", discord.url),
    ];
    const clock = { now: T(0) };
    const { round } = setUp(store, channels, clock);
    const open = incidentWith(five);
    await store.createIncident(open, []);
    expect(await round()).toBe(4);
    for (let second = 1; second <= 3; second++) {
      clock.now = T(second);
      expect(await round()).toBe(0);
    }
    const resolved = {
      ...open,
      status: "resolved" as const,
      resolvedAt: T(20).toISOString(),
      rootCauses: five.map((c) => ({ ...c, active: false })),
    };
    await store.updateIncident(resolved, []);
    clock.now = T(20);
    expect(await round()).toBe(4);
    clock.now = T(21);
    expect(await round()).toBe(0);

    for (const received of [hook, slack, teams, discord]) {
      expect(received.requests.map((request) => request.problems)).toEqual([[], []]);
      expect(new Set(received.requests.map((request) => request.headers["x-cascade-delivery"])).size).toBe(2);
    }
    expect(hook.requests.map((request) => (request.body as { event: string }).event)).toEqual(["opened", "resolved"]);
    const opened = hook.requests[0]!.body as { incident: { url: string; rootCauses: unknown[] } };
    expect(opened.incident.url).toBe("https://cascade.example.com/incidents/inc-1");
    expect(opened.incident.rootCauses).toHaveLength(5);
    expect(hook.requests[0]!.headers["x-cascade-delivery"]).toBe("inc-1.opened.1.hook");
    expect(JSON.stringify(teams.requests[0]!.body)).toContain("Vorfall eröffnet");
    expect(discord.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /api/webhooks/123/secret-token-of-discord?wait=true",
      "PATCH /api/webhooks/123/secret-token-of-discord/messages/msg-1",
    ]);
    const deliveries = await store.listDeliveries({ incidentId: "inc-1", limit: 50 });
    expect(deliveries.map((delivery) => delivery.status)).toEqual(Array(8).fill("sent"));
  });

  it("a restarted board (a new worker on the same store) sends nothing twice", async () => {
    const { store, file } = openStore();
    const hook = await receiver("webhook");
    const channels = [channel("hook", "webhook", hook.url)];
    const clock = { now: T(0) };
    await store.createIncident(incidentWith(five), []);
    await setUp(store, channels, clock).round();
    const { store: reopened } = openStore(file);
    clock.now = T(30);
    const after = setUp(reopened, channels, clock);
    expect(await after.round()).toBe(0);
    expect(hook.requests).toHaveLength(1);
  });

  it("retries after about 1 s, 5 s and 30 s; a receiver answering 500 three times then 200 accepts the message once", async () => {
    const { store } = openStore();
    const hook = await receiver("webhook");
    hook.behave.push("500", "500", "500");
    const clock = { now: T(0) };
    const { round, worker } = setUp(store, [channel("hook", "webhook", hook.url)], clock);
    await store.createIncident(incidentWith([five[0]!]), []);
    await round();
    const schedule: string[] = [];
    for (const wait of [1, 5, 30, 120]) {
      const [row] = await store.listDeliveries({ limit: 1 });
      schedule.push(`${row!.status}:${row!.attempts}:${row!.nextAttemptAt}`);
      clock.now = new Date(clock.now.getTime() + wait * 1000 - 10);
      await worker.tick();
      await worker.idle();
      expect(hook.requests.length).toBe(schedule.length); // not yet due
      clock.now = new Date(clock.now.getTime() + 10);
      await worker.tick();
      await worker.idle();
    }
    expect(schedule).toEqual([
      `pending:1:${T(1).toISOString()}`,
      `pending:2:${T(6).toISOString()}`,
      `pending:3:${T(36).toISOString()}`,
      `sent:4:${T(36).toISOString()}`,
    ]);
    expect(hook.requests).toHaveLength(4);
    expect(new Set(hook.requests.map((request) => request.headers["x-cascade-delivery"]))).toEqual(new Set(["inc-1.opened.1.hook"]));
  });

  it("gives up after an hour with a delivery-failed line on the incident's timeline, and the channel shows as failing", async () => {
    const { store } = openStore();
    const hook = await receiver("webhook");
    hook.behave.push(...Array<"500">(20).fill("500"));
    const clock = { now: T(0) };
    const { round, worker } = setUp(store, [channel("hook", "webhook", hook.url)], clock);
    await store.createIncident(incidentWith([five[0]!]), []);
    await round();
    for (let minute = 0; minute <= 75; minute++) {
      clock.now = T(minute * 60 + 1);
      await worker.tick();
      await worker.idle();
    }
    const [row] = await store.listDeliveries({ limit: 1 });
    expect(row!.status).toBe("failed");
    // Looked at once a minute: attempts at 0 s, 1 s, 61 s, 121 s, 241 s, then every 10 minutes (841 s ... 3,241 s),
    // and the one at 3,841 s, more than an hour after the message was enqueued, is the last.
    expect(row!.attempts).toBe(11);
    expect(row!.answer).toBe("HTTP 500: receiver broke");
    const events = await store.listIncidentEvents("inc-1");
    expect(events.filter((event) => event.kind === "delivery-failed")).toEqual([
      expect.objectContaining({ params: { channel: "hook", event: "opened", attempts: 11, answer: "HTTP 500: receiver broke" } }),
    ]);
    expect(await store.listFailingChannels(new Date(clock.now.getTime() - 3_600_000), 3)).toEqual([
      expect.objectContaining({ channel: "hook", failures: 11 }),
    ]);
  });
});
