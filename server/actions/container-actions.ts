import "server-only";
import crypto from "node:crypto";
import type { ActionResult, ContainerAction, RestartPolicyRequest } from "@/lib/contracts/operations";
import { refOf } from "@/lib/engines/container-key";
import type { Principal } from "@/server/auth/credentials";
import { getBoardCache } from "@/server/collect/board-cache";
import { AppError } from "@/server/errors";
import { errorFields, getLogger } from "@/server/log/logger";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getStore } from "@/server/store";
import { toDockerError } from "@/server/upstreams/docker/client";
import { dockerFor } from "@/server/upstreams/docker/engines";
import { withDeadline } from "@/server/upstreams/errors";
import { type ResolvedContainer, resolveWatchedContainer } from "./resolve-container";

// The only code that changes containers. Every attempt is audited; the "started" row is written before Docker is
// called, and if it cannot be written nothing is done (fail closed). One action per container at a time.

const ACTION_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_SECONDS = 10;

export interface ActionRequest {
  /** As the route got it: `name`, or `engine/name` (decoded). */
  container: string;
  action: ContainerAction;
  policy?: RestartPolicyRequest;
  principal: Principal;
  requestId: string;
}

/** Longer than any action may take, so a replica that died holding a lock does not block the container for ever. */
const LOCK_TTL_MS = ACTION_TIMEOUT_MS + 60_000;

/** Audit rows name the container by key (`engine/name`) once it is known. */
async function audit(
  request: ActionRequest,
  result: "started" | "ok" | "error" | "denied",
  detail: string | null,
  target: ResolvedContainer | null = null,
) {
  if (result !== "started") cascadeMetrics().actions.inc({ action: request.action, result });
  return getStore().appendAudit({
    actor: request.principal.name,
    role: request.principal.role,
    action: `container.${request.action}`,
    subject: target?.key ?? request.container,
    requestId: request.requestId,
    result,
    detail,
  });
}

/** Records a refused attempt, then throws the refusal; a failing audit write does not hide the refusal. */
async function refuse(request: ActionRequest, error: AppError, target: ResolvedContainer | null = null): Promise<never> {
  await audit(request, "denied", `${error.status} ${error.code}: ${error.message}`, target).catch(() => undefined);
  throw error;
}

function checkAllowed(request: ActionRequest, watched: ResolvedContainer) {
  if (!watched.actions.includes(request.action)) {
    return new AppError(
      "action_not_allowed",
      `cascade.yaml does not allow ${request.action} on ${request.container} (allowed: ${watched.actions.join(", ") || "none"}).`,
      403,
    );
  }
  if (request.action === "set-restart-policy" && !request.policy)
    return new AppError("invalid_body", "name: the restart policy is required.", 422);
  return null;
}

async function callDocker(
  request: ActionRequest,
  target: ResolvedContainer,
): Promise<{ outcome: ActionResult["outcome"]; message: string }> {
  try {
    const container = dockerFor(target.engine).getContainer(target.name);
    switch (request.action) {
      case "restart":
        await withDeadline(container.restart({ t: STOP_TIMEOUT_SECONDS }), ACTION_TIMEOUT_MS, "docker", `restart of ${request.container}`);
        return { outcome: "done", message: `${request.container} restarted.` };
      case "start":
        await withDeadline(container.start(), ACTION_TIMEOUT_MS, "docker", `start of ${request.container}`);
        return { outcome: "done", message: `${request.container} started.` };
      case "set-restart-policy": {
        const policy = request.policy!;
        const maximumRetryCount = policy.name === "on-failure" ? (policy.maximumRetryCount ?? 0) : 0;
        await withDeadline(
          container.update({ RestartPolicy: { Name: policy.name, MaximumRetryCount: maximumRetryCount } }),
          ACTION_TIMEOUT_MS,
          "docker",
          `update of ${request.container}`,
        );
        return {
          outcome: "done",
          message: `${request.container} restart policy is now ${policy.name}${policy.name === "on-failure" ? ` (at most ${maximumRetryCount} retries)` : ""}.`,
        };
      }
    }
  } catch (error) {
    const endpoint = request.action === "set-restart-policy" ? "update" : request.action;
    const dockerError = toDockerError(error, `${request.action} of ${request.container}`, `POST /containers/${target.name}/${endpoint}`);
    // Docker answers 304 Not Modified to a start of a running container: the wish is already true.
    if (request.action === "start" && dockerError.status === 304)
      return { outcome: "already-running", message: `${request.container} is already running.` };
    if (dockerError.status === 404) throw new AppError("container_missing", `Docker has no container named ${request.container}.`, 404);
    if (dockerError.status === 403) throw new AppError("docker_proxy_refused", `${dockerError.message} (docs/docker-api.md).`, 502);
    throw new AppError("docker_error", `Docker refused the ${request.action} of ${request.container}: ${dockerError.message}`, 502);
  }
}

export async function runContainerAction(routeRequest: ActionRequest): Promise<ActionResult> {
  let target: ResolvedContainer;
  try {
    target = await resolveWatchedContainer(routeRequest.container);
  } catch (error) {
    return refuse(routeRequest, error instanceof AppError ? error : new AppError("container_not_watched", String(error), 404));
  }
  // Words and the result name the container as the board does (`name` on the local engine, else `engine/name`).
  const request = { ...routeRequest, container: refOf(target.engine, target.name) };
  const refusal = checkAllowed(request, target);
  if (refusal) return refuse(request, refusal, target);
  // The lock lives in the store, so every replica sharing it sees it; a second request gets 409 naming the first.
  const lockKey = `container:${target.key}`;
  const token = crypto.randomUUID();
  let store: ReturnType<typeof getStore>;
  let lock: Awaited<ReturnType<typeof store.acquireLock>>;
  try {
    store = getStore();
    lock = await store.acquireLock(
      lockKey,
      token,
      { actor: request.principal.name, action: request.action, since: new Date().toISOString() },
      LOCK_TTL_MS,
    );
  } catch (error) {
    // The store holds the lock and the audit log: without it nothing may be done (fail closed).
    getLogger().error({ ...errorFields(error), requestId: request.requestId }, "the store is unavailable; refusing the action");
    throw new AppError("audit_unavailable", "The audit log cannot be written, so no action is taken.", 503);
  }
  if (!lock.acquired) {
    return refuse(
      request,
      new AppError(
        "action_in_progress",
        `${lock.holder.actor} started ${lock.holder.action} on ${request.container} at ${lock.holder.since}; wait for it to finish.`,
        409,
      ),
      target,
    );
  }
  try {
    const detail = request.policy ? JSON.stringify(request.policy) : null;
    try {
      await audit(request, "started", detail, target);
    } catch (error) {
      getLogger().error({ ...errorFields(error), requestId: request.requestId }, "audit write failed; refusing the action");
      throw new AppError("audit_unavailable", "The audit log cannot be written, so no action is taken.", 503);
    }
    let result: Awaited<ReturnType<typeof callDocker>>;
    try {
      result = await callDocker(request, target);
    } catch (error) {
      await audit(request, "error", (error as Error).message, target).catch((auditError: unknown) =>
        getLogger().error(errorFields(auditError), "audit write failed"),
      );
      throw error;
    }
    await audit(request, "ok", result.message, target).catch((auditError: unknown) =>
      getLogger().error(errorFields(auditError), "audit write failed"),
    );
    return { container: request.container, action: request.action, ...result, requestId: request.requestId, verifyUrl: "/api/verify" };
  } finally {
    await store
      .releaseLock(lockKey, token)
      .catch((error: unknown) => getLogger().warn(errorFields(error), "releasing the action lock failed (it expires by itself)"));
    getBoardCache().invalidate();
  }
}
