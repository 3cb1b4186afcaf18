import "server-only";
import crypto from "node:crypto";
import type { Principal } from "@/server/auth/credentials";
import { getBoardCache } from "@/server/collect/board-cache";
import { AppError } from "@/server/errors";
import { errorFields, getLogger } from "@/server/log/logger";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getStore } from "@/server/store";

// What every change the board makes shares (containers in container-actions.ts, Swarm services in
// service-actions.ts): every attempt is audited; the "started" row is written before the upstream is called, and if
// it cannot be written nothing is done (fail closed); one change per target at a time, by a lock in the store that
// every replica sharing it sees.

export interface AuditedChange {
  principal: Principal;
  requestId: string;
  /** The audit row's action, `{entity}.{verb}`: container.restart, service.scale. */
  action: string;
  /** The audit row's subject: a container's `engine/name` once known, a service's name. */
  subject: string;
  /** How words name the target ("auren-api", "edge/api", "cascade-web"). */
  name: string;
  /** How the metrics and a lock's holder name the action (`restart` for containers, `service.restart`). */
  label: string;
}

type AuditResult = "started" | "ok" | "error" | "denied";

export async function auditChange(change: AuditedChange, result: AuditResult, detail: string | null) {
  if (result !== "started") cascadeMetrics().actions.inc({ action: change.label, result });
  return getStore().appendAudit({
    actor: change.principal.name,
    role: change.principal.role,
    action: change.action,
    subject: change.subject,
    requestId: change.requestId,
    result,
    detail,
  });
}

/** Records a refused attempt, then throws the refusal; a failing audit write does not hide the refusal. */
export async function refuseChange(change: AuditedChange, error: AppError): Promise<never> {
  await auditChange(change, "denied", `${error.status} ${error.code}: ${error.message}`).catch(() => undefined);
  throw error;
}

const auditUnavailable = () => new AppError("audit_unavailable", "The audit log cannot be written, so no action is taken.", 503);
const logAuditFailure = (error: unknown) => getLogger().error(errorFields(error), "audit write failed");

/**
 * Runs `perform` holding the target's lock, between a "started" row (`detail`: what was asked) and an "ok" row (its
 * message) or an "error" row (the AppError `perform` throws, thrown on). The board is collected afresh afterwards.
 */
export async function runAuditedChange<T extends { message: string }>(
  change: AuditedChange,
  lock: { key: string; ttlMs: number; detail: string | null },
  perform: () => Promise<T>,
): Promise<T> {
  const token = crypto.randomUUID();
  let store: ReturnType<typeof getStore>;
  let held: Awaited<ReturnType<typeof store.acquireLock>>;
  try {
    store = getStore();
    held = await store.acquireLock(
      lock.key,
      token,
      { actor: change.principal.name, action: change.label, since: new Date().toISOString() },
      lock.ttlMs,
    );
  } catch (error) {
    // The store holds the lock and the audit log: without it nothing may be done (fail closed).
    getLogger().error({ ...errorFields(error), requestId: change.requestId }, "the store is unavailable; refusing the action");
    throw auditUnavailable();
  }
  if (!held.acquired) {
    const { holder } = held;
    const message = `${holder.actor} started ${holder.action} on ${change.name} at ${holder.since}; wait for it to finish.`;
    return refuseChange(change, new AppError("action_in_progress", message, 409));
  }
  try {
    try {
      await auditChange(change, "started", lock.detail);
    } catch (error) {
      getLogger().error({ ...errorFields(error), requestId: change.requestId }, "audit write failed; refusing the action");
      throw auditUnavailable();
    }
    let result: T;
    try {
      result = await perform();
    } catch (error) {
      await auditChange(change, "error", (error as Error).message).catch(logAuditFailure);
      throw error;
    }
    await auditChange(change, "ok", result.message).catch(logAuditFailure);
    return result;
  } finally {
    await store
      .releaseLock(lock.key, token)
      .catch((error: unknown) => getLogger().warn(errorFields(error), "releasing the action lock failed (it expires by itself)"));
    getBoardCache().invalidate();
  }
}
