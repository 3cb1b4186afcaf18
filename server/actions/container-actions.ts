import "server-only";
import type { ActionResult, ContainerAction, RestartPolicyRequest } from "@/lib/contracts/operations";
import { refOf } from "@/lib/engines/container-key";
import type { Principal } from "@/server/auth/credentials";
import { AppError } from "@/server/errors";
import { toDockerError } from "@/server/upstreams/docker/client";
import { dockerFor } from "@/server/upstreams/docker/engines";
import { withDeadline } from "@/server/upstreams/errors";
import { type AuditedChange, refuseChange, runAuditedChange } from "./audited-change";
import { type ResolvedContainer, resolveWatchedContainer } from "./resolve-container";

// The only code that changes containers: which container a request means, whether cascade.yaml allows the action,
// and the Docker call. Audit, fail-closed and one-at-a-time are server/actions/audited-change.ts's, shared with
// service-actions.ts.

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
const changeOf = (request: ActionRequest, target: ResolvedContainer | null = null): AuditedChange => ({
  principal: request.principal,
  requestId: request.requestId,
  action: `container.${request.action}`,
  subject: target?.key ?? request.container,
  name: request.container,
  label: request.action,
});

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
    const refusal = error instanceof AppError ? error : new AppError("container_not_watched", String(error), 404);
    return refuseChange(changeOf(routeRequest), refusal);
  }
  // Words and the result name the container as the board does (`name` on the local engine, else `engine/name`).
  const request = { ...routeRequest, container: refOf(target.engine, target.name) };
  const change = changeOf(request, target);
  const refusal = checkAllowed(request, target);
  if (refusal) return refuseChange(change, refusal);
  const lock = { key: `container:${target.key}`, ttlMs: LOCK_TTL_MS, detail: request.policy ? JSON.stringify(request.policy) : null };
  const result = await runAuditedChange(change, lock, () => callDocker(request, target));
  return { container: request.container, action: request.action, ...result, requestId: request.requestId, verifyUrl: "/api/verify" };
}
