import "server-only";
import { type AuditEntry, auditEntrySchema, type VerifyRun, verifyRunSchema } from "@/lib/contracts/operations";
import type { SnapshotRecord } from "./types";

// The tables' rows as both stores read them (same column names in SQLite and PostgreSQL), and their domain shapes.

export interface AuditRow {
  /** SQLite answers a number; PostgreSQL's BIGSERIAL arrives as a string. */
  id: number | string;
  time: string;
  actor: string;
  role: string;
  action: string;
  subject: string;
  request_id: string;
  result: string;
  detail: string | null;
}

export const toAuditEntry = (row: AuditRow): AuditEntry =>
  auditEntrySchema.parse({
    id: Number(row.id),
    time: row.time,
    actor: row.actor,
    role: row.role,
    action: row.action,
    subject: row.subject,
    requestId: row.request_id,
    result: row.result,
    detail: row.detail,
  });

export interface SnapshotRow {
  id: string;
  delete_secret_hash: string;
  created_at: string;
  expires_at: string;
  created_by: string;
  title: string;
  body: string;
}

export const toSnapshot = (row: SnapshotRow): SnapshotRecord => ({
  id: row.id,
  deleteSecretHash: row.delete_secret_hash,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  createdBy: row.created_by,
  title: row.title,
  body: row.body,
});

export const toVerifyRun = (body: string | undefined): VerifyRun | null =>
  body === undefined ? null : verifyRunSchema.parse(JSON.parse(body));
