import "server-only";
import type { ContainerView, EngineStatus, Observation } from "@/lib/contracts/board";
import { canonicalRef } from "@/lib/engines/container-key";
import type { CascadeConfig } from "@/server/config";
import { getEngineDocker } from "@/server/upstreams/docker/engines";
import { unobservedContainer } from "@/server/upstreams/docker/schemas";
import { UpstreamError } from "@/server/upstreams/errors";
import { collectDocker, type DockerPart } from "./collect-docker";
import { selectorsFor } from "./discover-containers";

// The fan-out over Docker engines: each engine is collected on its own (collect-docker.ts), all at once, each within
// the upstream deadline; one that does not answer marks only its own containers unknown.

export interface EnginesPart {
  /** The first engine's status, as the `docker` field always was. */
  docker: Observation["docker"];
  engines: EngineStatus[];
  containers: ContainerView[];
}

async function collectEngine(config: CascadeConfig, configDir: string, engine: CascadeConfig["engines"][number]): Promise<DockerPart> {
  const names = config.containers.filter((container) => container.engine === engine.name).map((container) => container.name);
  try {
    const docker = getEngineDocker(engine, configDir);
    return await collectDocker(config, { engine: engine.name, docker, names, selectors: selectorsFor(config.selectors, engine.name) });
  } catch (error) {
    // Only building the engine's client throws (a TLS or key file that cannot be read): the engine is data, not a crash.
    const message = error instanceof UpstreamError ? error.message : String(error);
    return {
      docker: { name: engine.name, reachable: false, version: null, swarm: null, error: message },
      containers: names.map((name) => ({
        ...unobservedContainer(name, "unknown", `Docker is unreachable: ${message}`),
        engine: engine.name,
      })),
      inspected: 0,
    };
  }
}

/** Every engine's containers and status, in config order. Never throws. */
export async function collectEngines(config: CascadeConfig, configDir: string): Promise<EnginesPart> {
  const parts = await Promise.all(config.engines.map((engine) => collectEngine(config, configDir, engine)));
  const engines = parts.map((part) => part.docker);
  const first = engines[0]!;
  return {
    docker: { reachable: first.reachable, version: first.version, error: first.error },
    engines,
    containers: parts.flatMap((part) => part.containers),
  };
}

/** cascade.yaml's `prometheus.container` / `metricsEndpoints[].container` as the board's refs (`engine/name` off `local`). */
export const refFromConfig = (config: CascadeConfig, ref: string | undefined | null) =>
  ref ? canonicalRef(ref, config.containers) : (ref ?? null);
