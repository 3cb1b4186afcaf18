import "server-only";
import type { IncidentDetail, IncidentList } from "@/lib/contracts/incidents";
import { renderIncident, renderIncidentDetail } from "@/lib/incidents/render-incident";
import type { IncidentStatus } from "@/lib/incidents/types";
import type { Locale } from "@/lib/messages";
import type { Principal } from "@/server/auth/credentials";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";

// Reading and acknowledging incidents for the routes: the watcher (server/watcher) is the only one that opens,
// updates and resolves them.

const MAX_LIMIT = 200;

export async function listIncidents(
  options: { status?: IncidentStatus; limit?: number; before?: string },
  locale: Locale,
): Promise<IncidentList> {
  const limit = Math.max(1, Math.min(options.limit ?? 50, MAX_LIMIT));
  const page = await getStore().listIncidents({ status: options.status, limit, before: options.before });
  return { incidents: page.incidents.map((incident) => renderIncident(incident, locale)), next: page.next };
}

export async function readIncident(id: string, locale: Locale): Promise<IncidentDetail> {
  const store = getStore();
  const incident = await store.getIncident(id);
  if (!incident) throw new AppError("not_found", "No incident has this id.", 404);
  return renderIncidentDetail(incident, await store.listIncidentEvents(id), locale);
}

/** Writes the acknowledgement and its audit row; the audit row is written first, so an unaudited change cannot happen. */
export async function acknowledgeIncident(id: string, note: string, principal: Principal, requestId: string, locale: Locale) {
  const store = getStore();
  if (!(await store.getIncident(id))) throw new AppError("not_found", "No incident has this id.", 404);
  const audit = { actor: principal.name, role: principal.role, action: "incident.acknowledge", subject: id, requestId };
  await store.appendAudit({ ...audit, result: "started", detail: null });
  try {
    await store.acknowledgeIncident(id, principal.name, note, new Date().toISOString());
  } catch (error) {
    await store
      .appendAudit({ ...audit, result: "error", detail: error instanceof Error ? error.message : String(error) })
      .catch(() => undefined);
    throw error;
  }
  await store.appendAudit({ ...audit, result: "ok", detail: note ? note.slice(0, 200) : null });
  return readIncident(id, locale);
}
