import "server-only";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { getSettings } from "@/server/config";
import { errorFields, getLogger } from "@/server/log/logger";
import { processSingleton } from "@/server/process-singleton";
import { getStore } from "@/server/store";
import { retryPolicyFrom } from "./backoff";
import { isHeld } from "./hold";
import { reconcileNotifications } from "./reconcile";
import { channelSecrets } from "./redact-channel";
import { registerBuiltInChannelTypes } from "./senders";
import { DeliveryWorker } from "./worker";

// Notifications for the process (docs/notifications.md): the watcher calls notifyAfterCollection() after each
// collection it tracked; the first call starts the delivery worker. Neither ever blocks the watcher.

export function getNotifier() {
  return processSingleton("notifier", () => {
    registerBuiltInChannelTypes();
    const { config } = getSettings();
    const store = getStore();
    const secrets = channelSecrets(config.notify);
    const worker = new DeliveryWorker({
      store,
      channels: () => config.notify.channels,
      policy: retryPolicyFrom(process.env),
      secrets: () => secrets,
    });
    const retentionMs = config.incidents.retentionDays * 86_400_000;
    let lastPrune = 0;
    let running: Promise<void> | null = null;
    let next: Diagnosis | null | undefined;
    const reconcile = (diagnosis: Diagnosis | null) => {
      // Never two rounds at once, never a queue: a board that arrives meanwhile is the one next round.
      if (running !== null) {
        next = diagnosis;
        return;
      }
      running = reconcileNotifications(
        {
          store,
          channels: config.notify.channels,
          minIntervalMs: config.notify.minIntervalMs,
          publicUrl: config.server.publicUrl ?? null,
          isHeld,
        },
        diagnosis,
        new Date(),
      )
        .then(async (enqueued) => {
          if (enqueued > 0) worker.wake();
          // Deliveries are kept as long as incidents are (incidents.retentionDays).
          if (Date.now() - lastPrune > 3_600_000) {
            lastPrune = Date.now();
            await store.pruneNotifications(new Date(Date.now() - retentionMs));
          }
        })
        .catch((error: unknown) => getLogger().warn(errorFields(error), "notifications could not be planned for this collection"))
        .finally(() => {
          running = null;
          if (next !== undefined) {
            const board = next;
            next = undefined;
            reconcile(board);
          }
        });
    };
    return { worker, reconcile, secrets };
  });
}

/** The watcher's hook: plans this collection's notifications in the background and keeps the worker running. */
export function notifyAfterCollection(diagnosis: Diagnosis) {
  try {
    if (getSettings().config.notify.channels.length === 0) return;
    const notifier = getNotifier();
    notifier.worker.start();
    notifier.reconcile(diagnosis);
  } catch (error) {
    getLogger().warn(errorFields(error), "notifications are not running");
  }
}
