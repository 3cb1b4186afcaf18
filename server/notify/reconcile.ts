import "server-only";
import type { Diagnosis } from "@/lib/diagnosis/types";
import type { IncidentRecord } from "@/lib/incidents/types";
import { extrasOf, extrasOfMessage, notifyIncidentOf, touchedParts } from "@/lib/notify/incident-view";
import { planChannel } from "@/lib/notify/plan";
import { type ChannelRule, deliveryId } from "@/lib/notify/types";
import type { ChannelConfig } from "@/server/config/notify-schema";
import type { CascadeStore } from "@/server/store";
import { senderOf } from "./channel-types";

// After each of the lease holder's collections: for the open incident and every incident a channel heard of but
// not yet its end, compare what each channel last heard with the incident now, and enqueue the difference.
// Enqueueing is a store write; sending is the worker's (worker.ts).

export interface ReconcileContext {
  store: CascadeStore;
  channels: readonly ChannelConfig[];
  minIntervalMs: number;
  publicUrl: string | null;
  isHeld: (incident: IncidentRecord, now: Date) => boolean | Promise<boolean>;
}

/** Returns how many deliveries were enqueued. */
export async function reconcileNotifications(context: ReconcileContext, diagnosis: Diagnosis | null, now: Date): Promise<number> {
  const { store } = context;
  // Only types with a sender here: another module (alertmanager) keeps its own schedule.
  const channels = context.channels.filter((channel) => senderOf(channel.type) !== undefined);
  if (channels.length === 0) return 0;
  const open = await store.getOpenIncident();
  const ids = new Set(await store.listUnfinishedIncidents());
  if (open) ids.add(open.id);
  let enqueued = 0;
  for (const id of ids) {
    const incident = id === open?.id ? open : await store.getIncident(id);
    if (!incident || (await context.isHeld(incident, now))) continue;
    const announced = await store.readAnnounced(id);
    const extras =
      incident.status === "open" && diagnosis
        ? extrasOf(diagnosis.summary.causes, diagnosis.dashboards)
        : extrasOfMessage((await store.listDeliveries({ incidentId: id, limit: 1 }))[0]?.message);
    const parts = touchedParts(incident, extras);
    for (const channel of channels) {
      const plan = planChannel(incident, ruleOf(channel), announced[channel.name] ?? null, parts, now, context.minIntervalMs);
      if (!plan) continue;
      const at = now.toISOString();
      const delivery = plan.event
        ? {
            id: deliveryId(id, plan.event, plan.next.sequence, channel.name),
            event: plan.event,
            message: {
              event: plan.event,
              incident: notifyIncidentOf(incident, extras, channel.locale, context.publicUrl, now),
              locale: channel.locale,
            },
            at,
          }
        : null;
      await store.enqueueDelivery({ incidentId: id, channel: channel.name, announced: plan.next, delivery });
      if (delivery) enqueued += 1;
    }
  }
  return enqueued;
}

const ruleOf = (channel: ChannelConfig): ChannelRule => ({
  name: channel.name,
  type: channel.type,
  on: channel.on,
  minStatus: channel.minStatus,
  only: channel.only,
});
