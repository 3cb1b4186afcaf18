import "server-only";
import type { ChannelConfig } from "@/server/config/notify-schema";
import { errorFields, getLogger } from "@/server/log/logger";
import { cascadeMetrics } from "@/server/metrics/registry";
import type { DeliveryRecord, NotifyStore } from "@/server/store/notify-store";
import { nextAttemptAt, type RetryPolicy } from "./backoff";
import { senderOf } from "./channel-types";
import { SEND_TIMEOUT_MS } from "./http-send";
import { redactChannelText } from "./redact-channel";

// The delivery worker: its own loop, apart from the watcher. It claims due deliveries from the store and sends
// them concurrently (at most MAX_IN_FLIGHT at once, so a storm is a bounded queue, and a receiver that never
// answers holds one slot for 5 s, never the board or another channel), then records each attempt.

export const MAX_IN_FLIGHT = 16;
/** A claim outlives an attempt by far; a sender that died holding it is repeated after it expires. */
const CLAIM_MS = 2 * SEND_TIMEOUT_MS;
const POLL_MS = 500;

export interface WorkerDeps {
  store: NotifyStore;
  channels: () => readonly ChannelConfig[];
  policy: RetryPolicy;
  /** Values never written to a record or a log line (channel URLs and secrets). */
  secrets: () => string[];
  now?: () => Date;
}

export class DeliveryWorker {
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private readonly now: () => Date;

  constructor(private readonly deps: WorkerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref?.();
    this.wake();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Looks for due deliveries now (after an enqueue); never two looks at once. */
  wake() {
    if (this.ticking !== null) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => getLogger().warn(errorFields(error), "the notification worker could not read the queue"))
      .finally(() => {
        this.ticking = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Claims what is due and starts sending it (without waiting for the answers). */
  async tick(): Promise<void> {
    const free = MAX_IN_FLIGHT - this.inFlight.size;
    if (free <= 0) return;
    const now = this.now();
    const claimed = await this.deps.store.claimDueDeliveries(now, new Date(now.getTime() + CLAIM_MS), free);
    for (const delivery of claimed) {
      const attempt = this.attempt(delivery).finally(() => {
        this.inFlight.delete(attempt);
        if (this.timer) this.wake();
      });
      this.inFlight.add(attempt);
    }
  }

  /** Resolves when no attempt is in flight (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.ticking !== null || this.inFlight.size > 0) {
      await this.ticking;
      await Promise.all([...this.inFlight]);
    }
  }

  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const { store } = this.deps;
    const channel = this.deps.channels().find((candidate) => candidate.name === delivery.channel);
    const sender = channel ? senderOf(channel.type) : undefined;
    try {
      if (!channel || !sender) {
        await store.recordAttempt(delivery.id, { outcome: "failed", at: this.now().toISOString(), answer: "channel not configured" });
        return;
      }
      const remoteId = delivery.event === "opened" ? null : await store.remoteIdOf(delivery.incidentId, delivery.channel);
      const outgoing = { deliveryId: delivery.id, incidentId: delivery.incidentId, message: delivery.message, remoteId };
      const result = await sender.send(outgoing, channel, this.now()).catch((error: unknown) => ({
        ok: false as const,
        answer: error instanceof Error ? error.message : String(error),
      }));
      const at = this.now();
      const answer = redactChannelText(result.answer, this.deps.secrets());
      if (result.ok) {
        await store.recordAttempt(delivery.id, { outcome: "sent", at: at.toISOString(), answer, remoteId: result.remoteId ?? null });
        cascadeMetrics().deliveries.inc({ type: channel.type, outcome: "sent" });
        return;
      }
      const next = nextAttemptAt(this.deps.policy, delivery.attempts + 1, new Date(delivery.createdAt), at);
      getLogger().warn(
        { channel: delivery.channel, delivery: delivery.id, answer, attempts: delivery.attempts + 1 },
        "a notification failed",
      );
      await store.recordAttempt(
        delivery.id,
        next
          ? { outcome: "retry", at: at.toISOString(), answer, nextAttemptAt: next.toISOString() }
          : { outcome: "failed", at: at.toISOString(), answer },
      );
      cascadeMetrics().deliveries.inc({ type: channel.type, outcome: next ? "retry" : "failed" });
    } catch (error) {
      // The store could not record it: the claim expires and the delivery is tried again (same id).
      getLogger().warn(
        { channel: delivery.channel, delivery: delivery.id, ...errorFields(error) },
        "a notification attempt was not recorded",
      );
    }
  }
}
