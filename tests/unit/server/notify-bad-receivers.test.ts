import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChannelConfig } from "@/server/config/notify-schema";
import { DEFAULT_BACKOFF_MS } from "@/server/notify/backoff";
import { MAX_ANSWER_BYTES, sendRequest } from "@/server/notify/http-send";
import { channelSecrets, redactChannelText } from "@/server/notify/redact-channel";
import { registerBuiltInChannelTypes } from "@/server/notify/senders";
import { DeliveryWorker, MAX_IN_FLIGHT } from "@/server/notify/worker";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";
import { incidentWith } from "../../support/notify-incidents";
import { startReceiver } from "../../support/notify-receivers";

// Receivers that misbehave: one that never answers, one that redirects, one that sends 10 MB, and a storm of a
// thousand messages. Each ends as a recorded answer or a bounded retry; none blocks another channel.

registerBuiltInChannelTypes();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function openStore(): CascadeStore {
  const store = openSqliteStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cascade-notify-bad-")), "cascade.db"));
  cleanup.push(() => store.close());
  return store;
}

const channel = (name: string, url: string) =>
  ({ name, type: "webhook", url, on: ["opened"], minStatus: "degraded", locale: "en" }) as ChannelConfig;

const message = (id: string) => ({
  event: "opened" as const,
  locale: "en" as const,
  incident: {
    ...incidentWith([]),
    id,
    title: "The auren-api container exited",
    url: null,
    acknowledgedBy: null,
    rootCauses: [],
    dashboards: [],
    timeToDetectMs: 0,
  },
});

async function enqueue(store: CascadeStore, incidentId: string, channelName: string) {
  const at = new Date().toISOString();
  await store.enqueueDelivery({
    incidentId,
    channel: channelName,
    announced: { event: "opened", sequence: 1, causeKeys: [], acknowledged: false, changedAt: at },
    delivery: { id: `${incidentId}.opened.1.${channelName}`, event: "opened", message: message(incidentId), at },
  });
}

function worker(store: CascadeStore, channels: ChannelConfig[]) {
  const started = new DeliveryWorker({
    store,
    channels: () => channels,
    policy: { backoffMs: DEFAULT_BACKOFF_MS, giveUpMs: 3_600_000 },
    secrets: () => channelSecrets({ channels }),
  });
  cleanup.push(() => started.stop());
  return started;
}

describe("misbehaving receivers", () => {
  it("a receiver that never answers delays no other channel, and ends as a timeout after 5 s", async () => {
    const store = openStore();
    const [hung, fine] = [await startReceiver("webhook"), await startReceiver("webhook")];
    cleanup.push(
      () => hung.close(),
      () => fine.close(),
    );
    hung.behave.push("hang");
    const channels = [channel("hung", hung.url), channel("fine", fine.url)];
    await enqueue(store, "inc-1", "hung");
    await enqueue(store, "inc-1", "fine");
    const started = Date.now();
    const sender = worker(store, channels);
    sender.start();
    while ((await store.listDeliveries({ limit: 10 })).find((row) => row.channel === "fine")?.status !== "sent") {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Date.now() - started).toBeLessThan(1_000);
    await sender.idle();
    const hungRow = (await store.listDeliveries({ limit: 10 })).find((row) => row.channel === "hung")!;
    expect(hungRow).toMatchObject({ status: "pending", attempts: 1, answer: "timeout after 5000 ms" });
    expect(Date.now() - started).toBeLessThan(7_000);
  }, 15_000);

  it("a 301 is a failure (redirects are never followed) and a 10 MB answer is read no further than 64 KB", async () => {
    const receiver = await startReceiver("webhook");
    cleanup.push(() => receiver.close());
    receiver.behave.push("301", "huge");
    const request = { method: "POST" as const, url: receiver.url, headers: { "content-type": "application/json" }, body: "{}" };
    const redirected = await sendRequest(request);
    expect(redirected).toMatchObject({ ok: false, status: 301, answer: "HTTP 301 (redirects are not followed)" });
    expect(receiver.requests).toHaveLength(1);
    const before = process.memoryUsage().arrayBuffers;
    const huge = await sendRequest(request);
    expect(huge).toMatchObject({ ok: true, status: 200, answer: "HTTP 200" });
    expect(Buffer.byteLength(huge.body)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
  });

  it("a storm of 1,000 messages goes out with at most 16 requests in flight, each exactly once", async () => {
    const store = openStore();
    let active = 0;
    let most = 0;
    const seen = new Map<string, number>();
    const server = http.createServer((request, response) => {
      active += 1;
      most = Math.max(most, active);
      const id = String(request.headers["x-cascade-delivery"]);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      request.resume();
      setTimeout(() => {
        active -= 1;
        response.end("ok");
      }, 5);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    for (let i = 0; i < 1000; i++) await enqueue(store, `inc-${i}`, "storm");
    const sender = worker(store, [channel("storm", url)]);
    while ((await store.nextDueAt()) !== null) {
      await sender.tick();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await sender.idle();
    expect(seen.size).toBe(1000);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(most).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(most).toBeGreaterThan(1);
  }, 60_000);

  it("channel URLs and secrets never appear in a recorded answer", () => {
    const channels = [
      { ...channel("slack", "https://hooks.slack.com/services/T0/B0/abcdefsecret"), type: "slack" },
      { ...channel("hook", "https://example.com/hook?token=tok-123456"), secret: "signing-secret-123" },
    ] as ChannelConfig[];
    const secrets = channelSecrets({ channels });
    const text = "POST https://hooks.slack.com/services/T0/B0/abcdefsecret failed; token=tok-123456, signing-secret-123";
    const redacted = redactChannelText(text, secrets);
    expect(redacted).not.toMatch(/abcdefsecret|tok-123456|signing-secret-123|services\/T0/);
  });
});
