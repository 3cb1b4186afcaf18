import "server-only";
import type { ServiceAction, ServiceActionResult } from "@/lib/contracts/services";
import type { Principal } from "@/server/auth/credentials";
import { swarmEnginesOf } from "@/server/collect/collect-swarm";
import { getSettings } from "@/server/config";
import type { ServiceSelector } from "@/server/config/services-schema";
import { AppError } from "@/server/errors";
import { inspectService, type SwarmEngine, updateService } from "@/server/upstreams/docker/swarm-client";
import type { ServiceEntry } from "@/server/upstreams/docker/swarm-schemas";
import type { UpstreamError } from "@/server/upstreams/errors";
import { type AuditedChange, refuseChange, runAuditedChange } from "./audited-change";

// The only code that changes Swarm services: audited (`service.restart`, `service.scale`), fail closed and one at a
// time per service by server/actions/audited-change.ts, as containers are. The change itself is one spec update made
// against the version just read, so a concurrent change by someone else is refused, not overwritten.
// Convergence is proved by verify (server/verify/service-convergence.ts), not awaited here.

const ACTION_TIMEOUT_MS = 30_000;
const LOCK_TTL_MS = ACTION_TIMEOUT_MS * 2 + 60_000;

export interface ServiceActionRequest {
  service: string;
  action: ServiceAction;
  replicas?: number;
  principal: Principal;
  requestId: string;
}

const changeOf = (request: ServiceActionRequest): AuditedChange => ({
  principal: request.principal,
  requestId: request.requestId,
  action: `service.${request.action}`,
  subject: request.service,
  name: request.service,
  label: `service.${request.action}`,
});

function selectorMatches(selector: ServiceSelector, service: ServiceEntry): boolean {
  if ("name" in selector) return selector.name === service.Spec.Name;
  const [key, ...rest] = selector.label.split("=");
  const value = service.Spec.Labels?.[key!];
  return value !== undefined && (rest.length === 0 || value === rest.join("="));
}

/** The engine a named service lives on: its `engine:` in cascade.yaml, else the first engine. */
function engineOf(name: string): SwarmEngine {
  const config = getSettings().config;
  const wanted = config.services.find((selector) => "name" in selector && selector.name === name)?.engine;
  const engines = swarmEnginesOf(config);
  return engines.find((engine) => engine.name === wanted) ?? engines[0]!;
}

function mapDockerError(request: ServiceActionRequest, error: UpstreamError): AppError {
  if (error.status === 404) return new AppError("service_missing", `The Swarm has no service named ${request.service}.`, 404);
  if (error.status === 403) return new AppError("docker_proxy_refused", `${error.message} (docs/docker-api.md).`, 502);
  if (error.status === 503) return new AppError("swarm_unavailable", `The engine is not a Swarm manager: ${error.message}`, 503);
  if (/out of sequence|version/i.test(error.message))
    return new AppError("service_changed", `${request.service} was changed meanwhile; reload and try again (${error.message}).`, 409);
  return new AppError("docker_error", `Docker refused the ${request.action} of ${request.service}: ${error.message}`, 502);
}

/** The selector that watches it and what it allows, or the refusal. */
function checkAllowed(request: ServiceActionRequest, service: ServiceEntry): AppError | null {
  const selector = getSettings().config.services.find((candidate) => selectorMatches(candidate, service));
  if (!selector)
    return new AppError(
      "service_not_watched",
      `${request.service} is not a service this board watches (see services: in cascade.yaml).`,
      404,
    );
  if (!selector.actions.includes(request.action))
    return new AppError(
      "action_not_allowed",
      `cascade.yaml does not allow ${request.action} on ${request.service} (allowed: ${selector.actions.join(", ") || "none"}).`,
      403,
    );
  if (request.action === "scale") {
    if (!service.Spec.Mode?.Replicated)
      return new AppError("not_replicated", `${request.service} is not a replicated service: only replicated services scale.`, 422);
    if (request.replicas === undefined) return new AppError("invalid_body", "replicas: the number of replicas is required.", 422);
    if (request.replicas > selector.maxReplicas)
      return new AppError(
        "too_many_replicas",
        `replicas: at most ${selector.maxReplicas} for ${request.service} (maxReplicas in cascade.yaml).`,
        422,
      );
  }
  return null;
}

/** The spec with the change: ForceUpdate + 1 (a rolling restart of every task), or the new replica count. */
function changedSpec(request: ServiceActionRequest, spec: Record<string, unknown>): { spec: unknown; message: string } {
  if (request.action === "restart") {
    const template = { ...(spec.TaskTemplate as Record<string, unknown>) };
    template.ForceUpdate = Number(template.ForceUpdate ?? 0) + 1;
    return { spec: { ...spec, TaskTemplate: template }, message: `${request.service}: a rolling restart of its tasks has started.` };
  }
  const mode = spec.Mode as { Replicated?: { Replicas?: number } };
  return {
    spec: { ...spec, Mode: { ...mode, Replicated: { ...mode.Replicated, Replicas: request.replicas } } },
    message: `${request.service} is being scaled to ${request.replicas} replicas.`,
  };
}

export async function runServiceAction(request: ServiceActionRequest): Promise<ServiceActionResult> {
  const config = getSettings().config;
  const engine = engineOf(request.service);
  const timeoutMs = Math.max(config.timeouts.upstreamMs, 5_000);
  const change = changeOf(request);
  let current: Awaited<ReturnType<typeof inspectService>>;
  try {
    current = await inspectService(engine, request.service, timeoutMs);
  } catch (error) {
    // A service Docker does not know (or cannot show) is refused and recorded, like one the board does not watch.
    return refuseChange(change, mapDockerError(request, error as UpstreamError));
  }
  const refusal = checkAllowed(request, current);
  if (refusal) return refuseChange(change, refusal);
  const detail = JSON.stringify({
    engine: engine.name,
    version: current.Version.Index,
    ...(request.action === "scale" ? { replicas: request.replicas } : {}),
  });
  const lock = { key: `service:${engine.name}/${request.service}`, ttlMs: LOCK_TTL_MS, detail };
  const { message } = await runAuditedChange(change, lock, async () => {
    const changed = changedSpec(request, current.spec as Record<string, unknown>);
    try {
      await updateService(engine, current.ID, current.Version.Index, changed.spec, ACTION_TIMEOUT_MS);
    } catch (error) {
      throw mapDockerError(request, error as UpstreamError);
    }
    return { message: changed.message };
  });
  return {
    service: request.service,
    engine: engine.name,
    action: request.action,
    outcome: "done",
    message,
    requestId: request.requestId,
    version: current.Version.Index,
    verifyUrl: "/api/verify",
  };
}
