import "server-only";
import crypto from "node:crypto";
import type { MaintenanceRequest, MaintenanceWindowView } from "@/lib/maintenance/contract";
import { isActive, type MaintenanceWindow } from "@/lib/maintenance/windows";
import type { Principal } from "@/server/auth/credentials";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";
import { forgetWindows } from "./windows";

// Creating, listing and ending maintenance windows for the routes. Each change is audited like a container action
// (maintenance.create, maintenance.end): the "started" row first, so a change the audit log cannot record fails.

/** At most this far ahead: a window is for maintenance, not a way to switch notifications off for good. */
const MAX_WINDOW_MS = 30 * 86_400_000;

const view = (window: MaintenanceWindow, now: Date): MaintenanceWindowView => ({ ...window, active: isActive(window, now) });

export async function listWindows(now = new Date()): Promise<MaintenanceWindowView[]> {
  const windows = await getStore().listMaintenanceWindows({ endingAfter: now });
  return windows.map((window) => view(window, now));
}

async function audited<T>(
  principal: Principal,
  requestId: string,
  action: string,
  subject: string,
  work: () => Promise<T>,
  detail: (result: T) => string | null,
) {
  const store = getStore();
  const audit = { actor: principal.name, role: principal.role, action, subject, requestId };
  await store.appendAudit({ ...audit, result: "started", detail: null });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await store
      .appendAudit({ ...audit, result: "error", detail: error instanceof Error ? error.message : String(error) })
      .catch(() => undefined);
    throw error;
  } finally {
    forgetWindows();
  }
  await store.appendAudit({ ...audit, result: "ok", detail: detail(result) });
  return result;
}

export async function createWindow(request: MaintenanceRequest, principal: Principal, requestId: string): Promise<MaintenanceWindowView> {
  const now = new Date();
  const from = request.from ? new Date(request.from) : now;
  const until = new Date(request.until);
  if (until.getTime() <= Math.max(now.getTime(), from.getTime()))
    throw new AppError("invalid_body", "until: must be in the future and after from.", 422);
  if (until.getTime() - now.getTime() > MAX_WINDOW_MS) throw new AppError("invalid_body", "until: at most 30 days ahead.", 422);
  const window: MaintenanceWindow = {
    id: crypto.randomUUID(),
    from: (from < now ? now : from).toISOString(),
    until: until.toISOString(),
    reason: request.reason,
    containers: request.containers ? [...new Set(request.containers)].sort() : null,
    createdBy: principal.name,
    createdAt: now.toISOString(),
  };
  const scope = window.containers ? window.containers.join(",") : "stack";
  await audited(
    principal,
    requestId,
    "maintenance.create",
    window.id,
    () => getStore().createMaintenanceWindow(window),
    () => `${window.from}..${window.until} ${scope}: ${window.reason}`.slice(0, 200),
  );
  return view(window, now);
}

/** Ends one window (by id), or every current and upcoming one (no id). */
export async function endWindows(id: string | null, principal: Principal, requestId: string): Promise<MaintenanceWindowView[]> {
  const now = new Date();
  const store = getStore();
  const ids = id ? [id] : (await store.listMaintenanceWindows({ endingAfter: now })).map((window) => window.id);
  if (id && !(await store.listMaintenanceWindows({ endingAfter: now })).some((window) => window.id === id))
    throw new AppError("not_found", "No running or upcoming maintenance window has this id.", 404);
  const ended: MaintenanceWindowView[] = [];
  for (const windowId of ids) {
    const window = await audited(
      principal,
      requestId,
      "maintenance.end",
      windowId,
      () => store.endMaintenanceWindow(windowId, now),
      (w) => (w ? `${w.from}..${now.toISOString()}` : "already ended"),
    );
    if (window) ended.push(view(window, now));
  }
  return ended;
}
