import "server-only";
import type { StateChange } from "@/lib/incidents/types";
import { withMaintenance } from "@/lib/maintenance/uptime";
import { getStore } from "@/server/store";

/** The recorded state changes of [from, to) with the maintenance windows of that time laid over them. */
export async function listChangesWithMaintenance(from: Date, to: Date): Promise<StateChange[]> {
  const store = getStore();
  const [changes, windows] = await Promise.all([
    store.listStateChanges(from, to),
    store.listMaintenanceWindows({ endingAfter: from, startingBefore: to }),
  ]);
  return withMaintenance(changes, windows);
}
