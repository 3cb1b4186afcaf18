import "server-only";
import { sleep } from "@/lib/async/sleep";
import type { ServiceView } from "@/lib/contracts/services";
import { serviceConverged } from "@/lib/health/service";
import { nodeVerdict, SERVICE_CONVERGE_MS, serviceVerdict } from "@/lib/health/verify-services";
import type { Verdict } from "@/lib/health/verify-steps";
import { collectSwarm, swarmEnginesOf } from "@/server/collect/collect-swarm";
import type { CascadeConfig } from "@/server/config";
import type { SwarmEngine } from "@/server/upstreams/docker/swarm-client";

// Verify for Swarm services: a service has converged when its update (if any) completed and every desired task runs
// (after a restart: none of the tasks from before still runs). Polled, within SERVICE_CONVERGE_MS (90 s).

const POLL_MS = 1_000;

/** One collection of one named service on its engine. */
export async function readService(engine: SwarmEngine, name: string, timeoutMs: number): Promise<ServiceView> {
  const part = await collectSwarm([engine], [{ name, engine: engine.name, actions: [], maxReplicas: 0 }], timeoutMs);
  return part!.services.find((service) => service.name === name)!;
}

/** Waits until the service converges; returns the last view seen and whether it converged within the bound. */
export async function awaitConvergence(
  engine: SwarmEngine,
  name: string,
  timeoutMs: number,
  options: { replaced?: ReadonlySet<string>; boundMs?: number } = {},
): Promise<{ converged: boolean; service: ServiceView; waitedMs: number }> {
  const started = Date.now();
  const bound = options.boundMs ?? SERVICE_CONVERGE_MS;
  for (;;) {
    const service = await readService(engine, name, timeoutMs);
    const waitedMs = Date.now() - started;
    if (serviceConverged(service, options.replaced)) return { converged: true, service, waitedMs };
    if (waitedMs + POLL_MS > bound) return { converged: false, service, waitedMs };
    await sleep(POLL_MS);
  }
}

function engineFor(config: CascadeConfig, name: string): SwarmEngine {
  const wanted = config.services.find((service) => "name" in service && service.name === name)?.engine;
  const engines = swarmEnginesOf(config);
  return engines.find((engine) => engine.name === wanted) ?? engines[0]!;
}

/** The verify step of a watched service: passes once it has converged, within the bound; else the judge's reason. */
export async function verifyService(config: CascadeConfig, name: string): Promise<Verdict> {
  const { converged, service, waitedMs } = await awaitConvergence(engineFor(config, name), name, config.timeouts.upstreamMs);
  const verdict = serviceVerdict(service, new Date());
  const waited = waitedMs >= POLL_MS ? `; waited ${(waitedMs / 1000).toFixed(1)} s (bound ${SERVICE_CONVERGE_MS / 1000} s)` : "";
  return converged && verdict.status === "passed"
    ? { ...verdict, detail: `${verdict.detail}${waited}` }
    : { ...verdict, status: "failed", detail: `${verdict.detail}${waited}` };
}

export async function verifyNode(config: CascadeConfig, hostname: string): Promise<Verdict> {
  const part = await collectSwarm(swarmEnginesOf(config), config.services, config.timeouts.upstreamMs);
  const node = part?.swarm.flatMap((swarm) => swarm.nodes).find((candidate) => candidate.hostname === hostname);
  return node ? nodeVerdict(node) : { status: "failed", detail: `no Swarm node named ${hostname}` };
}
