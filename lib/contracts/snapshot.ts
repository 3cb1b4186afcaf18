import { z } from "zod";
import { boardSchema } from "./board";
import { auditEntrySchema, verifyRunSchema } from "./operations";

// A snapshot: the board frozen with its diagnosis, timeline, latest verify run and the actions taken, redacted
// before it is stored. GET /api/snapshots/{id} answers this; /s/{id} renders it.

export const MAX_TITLE_CHARS = 200;
export const MAX_NOTE_CHARS = 5_000;
export const DEFAULT_EXPIRY_DAYS = 7;
export const MAX_EXPIRY_DAYS = 90;

export const createSnapshotRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(MAX_TITLE_CHARS).optional(),
  note: z.string().max(MAX_NOTE_CHARS).optional(),
  expiresInDays: z.number().int().min(1).max(MAX_EXPIRY_DAYS).default(DEFAULT_EXPIRY_DAYS),
  /** Include log lines, PromQL and URLs; otherwise only the executive view is kept. */
  engineerDetails: z.boolean().default(false),
});
export type CreateSnapshotRequest = z.infer<typeof createSnapshotRequestSchema>;

export const snapshotSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  title: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
  engineerDetails: z.boolean(),
  /** How many values were replaced by [redacted] before storing. */
  redactions: z.number().int(),
  board: boardSchema,
  verifyRun: verifyRunSchema.nullable(),
  actions: z.array(auditEntrySchema),
  /**
   * Set when texts from inside the containers (log lines, container errors, health-check output) were left out
   * because they could not be redacted, and why. Absent in snapshots stored before it existed.
   */
  withheld: z.string().nullable().default(null),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const createdSnapshotSchema = z.object({ id: z.string(), url: z.string(), deleteUrl: z.string(), expiresAt: z.string() });
export type CreatedSnapshot = z.infer<typeof createdSnapshotSchema>;

/** 144 bits, url-safe: anything else is not an id we could have made. */
export const SNAPSHOT_ID = /^[A-Za-z0-9_-]{24}$/;
