import "server-only";
import crypto from "node:crypto";
import type { CreatedSnapshot, CreateSnapshotRequest, Snapshot } from "@/lib/contracts/snapshot";
import { SNAPSHOT_ID, snapshotSchema } from "@/lib/contracts/snapshot";
import { type Locale, renderBoard } from "@/lib/messages";
import { toExecutiveView } from "@/lib/snapshots/executive-view";
import { redactDeep } from "@/lib/snapshots/redact";
import { withholdContainerTexts } from "@/lib/snapshots/withhold";
import { isActionTaken } from "@/lib/timeline/actions-on-timeline";
import type { Principal } from "@/server/auth/credentials";
import { getBoardCache } from "@/server/collect/board-cache";
import { getSettings } from "@/server/config";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";
import { getWatcher } from "@/server/watcher/watcher";
import { auditedSnapshotChange } from "./audit";
import { knownSecrets } from "./known-secrets";

// Snapshots: created by operators, read by anyone with the link (the id is the capability), never listed.
// Grafana's lessons: ids from a CSPRNG with 144 bits, a separate delete secret, an expiry by default, and the
// literal route path is not an id (CVE-2021-39226). Written through the store, audited started / ok / error.

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** The board, verify run and actions as they will be stored: redacted, and fail closed when redaction cannot be trusted. */
async function freeze(
  id: string,
  request: CreateSnapshotRequest,
  principal: Principal,
  createdAt: Date,
  locale: Locale,
): Promise<Snapshot> {
  const store = getStore();
  // A snapshot freezes the stack as it is now, not as the watcher last saw it up to one interval ago.
  getWatcher().refresh();
  getBoardCache().invalidate();
  const [diagnosis, verifyRun, audit, known] = await Promise.all([
    getBoardCache().get(),
    store.latestVerifyRun(),
    store.listAudit({ limit: 1000 }),
    knownSecrets(),
  ]);
  // Frozen in the creator's words: a snapshot keeps what was shown when it was taken.
  const board = renderBoard(diagnosis, locale);
  const dayAgo = createdAt.getTime() - 86_400_000;
  const actions = audit.filter((entry) => isActionTaken(entry) && Date.parse(entry.time) >= dayAgo);
  let frozen = {
    version: 1 as const,
    id,
    title: request.title ?? `Incident snapshot: ${board.summary.headline}`.slice(0, 200),
    note: request.note ?? null,
    createdAt: createdAt.toISOString(),
    createdBy: principal.name,
    expiresAt: new Date(createdAt.getTime() + request.expiresInDays * 86_400_000).toISOString(),
    engineerDetails: request.engineerDetails,
    board: request.engineerDetails ? board : toExecutiveView(board),
    // Step and action details quote URLs, PromQL and Docker's errors: engineer details only.
    verifyRun:
      verifyRun && !request.engineerDetails
        ? { ...verifyRun, steps: verifyRun.steps.map((step) => ({ ...step, detail: null })) }
        : verifyRun,
    actions: request.engineerDetails ? actions : actions.map((entry) => ({ ...entry, detail: null })),
    withheld: null as string | null,
  };
  if (known.environmentUnreadable !== null) {
    // Without the environment values, redaction cannot be trusted for texts from inside the containers.
    frozen = {
      ...withholdContainerTexts(frozen, board),
      withheld: `Log lines, container errors and health-check output were left out: Docker did not give the watched containers' environment, which redaction needs (${known.environmentUnreadable}).`,
    };
  }
  const patterns = getSettings().config.snapshots.redact.map((source) => new RegExp(source, "g"));
  const { value, count } = redactDeep(frozen, { patterns, secrets: known.secrets });
  return snapshotSchema.parse({ ...value, id, redactions: count });
}

export async function createSnapshot(
  request: CreateSnapshotRequest,
  principal: Principal,
  requestId: string,
  locale: Locale = "en",
): Promise<CreatedSnapshot> {
  const store = getStore();
  const id = crypto.randomBytes(18).toString("base64url");
  const deleteSecret = crypto.randomBytes(24).toString("base64url");
  const snapshot = await auditedSnapshotChange(
    store,
    { actor: principal.name, role: principal.role, action: "snapshot.create", subject: id, requestId },
    async () => {
      // Expired snapshots nobody opens again are swept here too, not only when read.
      await store.deleteExpiredSnapshots(new Date());
      const frozen = await freeze(id, request, principal, new Date(), locale);
      await store.createSnapshot({
        id,
        deleteSecretHash: sha256(deleteSecret),
        createdAt: frozen.createdAt,
        expiresAt: frozen.expiresAt,
        createdBy: principal.name,
        title: frozen.title,
        body: JSON.stringify(frozen),
      });
      return frozen;
    },
    (frozen) => `expires ${frozen.expiresAt}${frozen.withheld ? "; container texts left out (environment unreadable)" : ""}`,
  );
  return { id, url: `/s/${id}`, deleteUrl: `/api/snapshots/${id}?secret=${deleteSecret}`, expiresAt: snapshot.expiresAt };
}

/** The snapshot, or 404 (unknown, malformed) / 410 (expired: its content is deleted on the way). */
export async function readSnapshot(id: string, now = new Date()): Promise<Snapshot> {
  if (!SNAPSHOT_ID.test(id)) throw new AppError("not_found", "No such snapshot.", 404);
  const store = getStore();
  const record = await store.getSnapshot(id);
  if (!record) throw new AppError("not_found", "No such snapshot.", 404);
  if (Date.parse(record.expiresAt) <= now.getTime()) {
    await store.deleteSnapshot(id);
    throw new AppError("gone", `This snapshot expired at ${record.expiresAt} and its content was deleted.`, 410);
  }
  return snapshotSchema.parse(JSON.parse(record.body));
}

/** With the delete secret from the creation answer, or as an operator. A replayed delete finds nothing: 404. */
export async function deleteSnapshot(id: string, secret: string | null, principal: Principal | null, requestId: string): Promise<void> {
  if (!SNAPSHOT_ID.test(id)) throw new AppError("not_found", "No such snapshot.", 404);
  const store = getStore();
  const record = await store.getSnapshot(id);
  if (!record) throw new AppError("not_found", "No such snapshot.", 404);
  const bySecret = secret !== null && crypto.timingSafeEqual(Buffer.from(sha256(secret)), Buffer.from(record.deleteSecretHash));
  const byRole = principal !== null && (principal.role === "operator" || principal.role === "admin");
  if (!bySecret && !byRole) throw new AppError("forbidden", "Deleting a snapshot needs its delete link or an operator.", 403);
  await auditedSnapshotChange(
    store,
    {
      actor: byRole ? principal!.name : "(delete link)",
      role: principal?.role ?? "none",
      action: "snapshot.delete",
      subject: id,
      requestId,
    },
    async () => {
      if (!(await store.deleteSnapshot(id))) throw new AppError("not_found", "No such snapshot.", 404);
    },
    () => null,
  );
}
