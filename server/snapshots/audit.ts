import "server-only";
import { AppError } from "@/server/errors";
import { errorFields, getLogger } from "@/server/log/logger";
import type { CascadeStore } from "@/server/store";

// A snapshot change is audited like a container action: `started` before it (no row, no change: fail closed), then
// `ok`, or `error` with the reason when it failed.

export interface SnapshotAuditSubject {
  actor: string;
  role: string;
  action: "snapshot.create" | "snapshot.delete";
  subject: string;
  requestId: string;
}

export async function auditedSnapshotChange<T>(
  store: CascadeStore,
  who: SnapshotAuditSubject,
  change: () => Promise<T>,
  okDetail: (result: T) => string | null,
): Promise<T> {
  try {
    await store.appendAudit({ ...who, result: "started", detail: null });
  } catch (error) {
    getLogger().error(errorFields(error), "audit write failed; refusing the snapshot change");
    throw new AppError("audit_unavailable", "The audit log cannot be written, so no snapshot is changed.", 503);
  }
  let result: T;
  try {
    result = await change();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await store
      .appendAudit({ ...who, result: "error", detail: reason.slice(0, 500) })
      .catch((auditError: unknown) => getLogger().error(errorFields(auditError), "audit write failed"));
    throw error;
  }
  await store
    .appendAudit({ ...who, result: "ok", detail: okDetail(result) })
    .catch((auditError: unknown) => getLogger().error(errorFields(auditError), "audit write failed"));
  return result;
}
