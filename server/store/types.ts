import type { AuditEntry, VerifyRun } from "@/lib/contracts/operations";
import type { MaintenanceStore } from "./maintenance-store";
import type { NotifyStore } from "./notify-store";
import type { WatchStore } from "./watch-store";

export type AuditInput = Omit<AuditEntry, "id" | "time"> & { time?: string };

/** A stored snapshot. `body` is the frozen, already-redacted JSON; the delete secret is kept only as a SHA-256 hex digest. */
export interface SnapshotRecord {
  id: string;
  deleteSecretHash: string;
  createdAt: string;
  expiresAt: string;
  createdBy: string;
  title: string;
  body: string;
}

/** Who holds a container's action lock, and since when. */
export interface LockHolder {
  actor: string;
  action: string;
  since: string;
}

/**
 * What Cascade keeps: the append-only audit log, verify runs, snapshots, action locks, signed-out sessions and
 * failed sign-ins, the watcher's lease, incidents and state changes (watch-store.ts), in a schema whose version is stored with it (schema-version.ts). SQLite in the data directory by default,
 * PostgreSQL when DATABASE_URL is set (several board replicas then share it); both pass tests/integration/store-contract.
 */
export interface CascadeStore extends WatchStore, MaintenanceStore, NotifyStore {
  readonly kind: "sqlite" | "postgres";
  /** Throws when the row cannot be written: callers fail closed. */
  appendAudit(input: AuditInput): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(options?: { limit?: number; beforeId?: number }): Promise<AuditEntry[]>;
  saveVerifyRun(run: VerifyRun): Promise<void>;
  getVerifyRun(id: string): Promise<VerifyRun | null>;
  latestVerifyRun(): Promise<VerifyRun | null>;
  /** Throws if the id exists already. */
  createSnapshot(snapshot: SnapshotRecord): Promise<void>;
  getSnapshot(id: string): Promise<SnapshotRecord | null>;
  /** True when a row was removed. */
  deleteSnapshot(id: string): Promise<boolean>;
  /** Removes every snapshot whose expiresAt is at or before `now`; returns how many. */
  deleteExpiredSnapshots(now: Date): Promise<number>;
  /**
   * One action per container across every replica sharing the store: takes `key` unless an unexpired lock is held.
   * Returns whether it was taken, and the holder (the caller when taken). `token` identifies this taker for release.
   */
  acquireLock(key: string, token: string, holder: LockHolder, ttlMs: number): Promise<{ acquired: boolean; holder: LockHolder }>;
  /** Releases `key` only if `token` still holds it. */
  releaseLock(key: string, token: string): Promise<void>;
  /**
   * Sign-out before expiry, shared by every replica on the store. `sessionHash` identifies the session (never the
   * cookie itself); the row is kept until `expiresAt` (ISO), when the session would have expired anyway.
   */
  revokeSession(sessionHash: string, expiresAt: string): Promise<void>;
  /** True when the session was signed out and `now` is before the revocation's expiry. */
  isSessionRevoked(sessionHash: string, now: Date): Promise<boolean>;
  /** Records a failed sign-in of `clientKey` at `at`; failures (of every client) older than `forgetBefore` are dropped. */
  recordSignInFailure(clientKey: string, at: Date, forgetBefore: Date): Promise<void>;
  /** The ISO times of `clientKey`'s failed sign-ins at or after `since`, oldest first. */
  listSignInFailures(clientKey: string, since: Date): Promise<string[]>;
  /** Resolves once the schema is at this code's version (migrating it); rejects with StoreVersionError when newer. */
  ready(): Promise<void>;
  close(): Promise<void>;
}
