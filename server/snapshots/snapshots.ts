import "server-only";
import crypto from "node:crypto";
import type { CreatedSnapshot, CreateSnapshotRequest, Snapshot } from "@/lib/contracts/snapshot";
import { SNAPSHOT_ID, snapshotSchema } from "@/lib/contracts/snapshot";
import { type Locale, renderBoard } from "@/lib/messages";
import { toExecutiveView } from "@/lib/snapshots/executive-view";
import { redactDeep } from "@/lib/snapshots/redact";
import type { Principal } from "@/server/auth/credentials";
import { ensureGeneratedToken } from "@/server/auth/generated-token";
import { getBoardCache } from "@/server/collect/board-cache";
import { getSettings } from "@/server/config";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";
import { getDocker, readContainerEnvValues } from "@/server/upstreams/docker/client";

// Snapshots: created by operators, read by anyone with the link (the id is the capability), never listed.
// Grafana's lessons: ids from a CSPRNG with 144 bits, a separate delete secret, an expiry by default, and the
// literal route path is not an id (CVE-2021-39226).

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** Values Cascade knows to be secret: tokens from the config and every watched container's environment values. */
async function knownSecrets(): Promise<string[]> {
  const { config, databaseUrl, dataDir } = getSettings();
  const docker = getDocker(config.docker);
  const env = await Promise.all(
    config.containers.map((container) => readContainerEnvValues(docker, container.name, config.timeouts.upstreamMs)),
  );
  const urls = [
    config.prometheus?.url,
    config.grafana?.url,
    databaseUrl,
    ...config.metricsEndpoints.map((endpoint) => endpoint.url),
  ].filter((url): url is string => !!url);
  const urlPasswords = urls.flatMap((url) => {
    try {
      const parsed = new URL(url);
      return [parsed.password, parsed.username, ...[...parsed.searchParams.values()]].filter((value) => value.length >= 6);
    } catch {
      return [];
    }
  });
  const generated = config.auth.tokens.length === 0 ? [ensureGeneratedToken(dataDir).token] : [];
  return [
    ...generated,
    ...config.auth.tokens.map((token) => token.token),
    config.grafana?.token ?? "",
    databaseUrl ?? "",
    ...urlPasswords,
    ...env.flat(),
  ].filter((value) => value.length >= 6);
}

export async function createSnapshot(
  request: CreateSnapshotRequest,
  principal: Principal,
  requestId: string,
  locale: Locale = "en",
): Promise<CreatedSnapshot> {
  const store = getStore();
  // Expired snapshots nobody opens again are swept here too, not only when read.
  await store.deleteExpiredSnapshots(new Date());
  const [diagnosis, verifyRun, audit, secrets] = await Promise.all([
    getBoardCache().get(),
    store.latestVerifyRun(),
    store.listAudit({ limit: 1000 }),
    knownSecrets(),
  ]);
  // Frozen in the creator's words: a snapshot keeps what was shown when it was taken.
  const board = renderBoard(diagnosis, locale);
  const createdAt = new Date();
  const expiresAt = new Date(createdAt.getTime() + request.expiresInDays * 86_400_000);
  const id = crypto.randomBytes(18).toString("base64url");
  const deleteSecret = crypto.randomBytes(24).toString("base64url");
  const dayAgo = createdAt.getTime() - 86_400_000;
  const actions = audit.filter(
    (entry) => entry.action.startsWith("container.") && entry.result !== "started" && Date.parse(entry.time) >= dayAgo,
  );
  const frozen = {
    version: 1 as const,
    id,
    title: request.title ?? `Incident snapshot: ${board.summary.headline}`.slice(0, 200),
    note: request.note ?? null,
    createdAt: createdAt.toISOString(),
    createdBy: principal.name,
    expiresAt: expiresAt.toISOString(),
    engineerDetails: request.engineerDetails,
    board: request.engineerDetails ? board : toExecutiveView(board),
    // Step and action details quote URLs, PromQL and Docker's errors: engineer details only.
    verifyRun:
      verifyRun && !request.engineerDetails
        ? { ...verifyRun, steps: verifyRun.steps.map((step) => ({ ...step, detail: null })) }
        : verifyRun,
    actions: request.engineerDetails ? actions : actions.map((entry) => ({ ...entry, detail: null })),
  };
  const patterns = getSettings().config.snapshots.redact.map((source) => new RegExp(source, "g"));
  const { value, count } = redactDeep(frozen, { patterns, secrets });
  const snapshot: Snapshot = snapshotSchema.parse({ ...value, id, redactions: count });
  await getStore().appendAudit({
    actor: principal.name,
    role: principal.role,
    action: "snapshot.create",
    subject: id,
    requestId,
    result: "started",
    detail: null,
  });
  await store.createSnapshot({
    id,
    deleteSecretHash: sha256(deleteSecret),
    createdAt: snapshot.createdAt,
    expiresAt: snapshot.expiresAt,
    createdBy: principal.name,
    title: snapshot.title,
    body: JSON.stringify(snapshot),
  });
  await store.appendAudit({
    actor: principal.name,
    role: principal.role,
    action: "snapshot.create",
    subject: id,
    requestId,
    result: "ok",
    detail: `expires ${snapshot.expiresAt}`,
  });
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
  const actor = byRole ? principal!.name : "(delete link)";
  await store.appendAudit({
    actor,
    role: principal?.role ?? "none",
    action: "snapshot.delete",
    subject: id,
    requestId,
    result: "started",
    detail: null,
  });
  await store.deleteSnapshot(id);
  await store.appendAudit({
    actor,
    role: principal?.role ?? "none",
    action: "snapshot.delete",
    subject: id,
    requestId,
    result: "ok",
    detail: null,
  });
}
