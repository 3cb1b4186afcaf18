import type { AuditEntry, VerifyRun } from "@/lib/contracts/operations";

export type AuditInput = Omit<AuditEntry, "id" | "time"> & { time?: string };

/**
 * What Cascade keeps: the append-only audit log and verify runs (later: snapshots). SQLite in the data directory by
 * default; every method is async so a shared store (PostgreSQL) can stand behind the same interface.
 */
export interface CascadeStore {
  /** Throws when the row cannot be written: callers fail closed. */
  appendAudit(input: AuditInput): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(options?: { limit?: number; beforeId?: number }): Promise<AuditEntry[]>;
  saveVerifyRun(run: VerifyRun): Promise<void>;
  getVerifyRun(id: string): Promise<VerifyRun | null>;
  latestVerifyRun(): Promise<VerifyRun | null>;
  close(): Promise<void>;
}
