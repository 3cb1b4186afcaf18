import "server-only";
import type { Board } from "@/lib/contracts/board";
import type { CascadeConfig } from "@/server/config";
import { getDocker, getDockerVersion, inspectWatchedContainer } from "@/server/upstreams/docker/client";
import { unobservedContainer } from "@/server/upstreams/docker/schemas";

/** One observation of the whole stack. Every part is bounded by the upstream deadline and none can throw. */
export async function collectBoard(config: CascadeConfig, now: () => Date = () => new Date()): Promise<Board> {
  const timeoutMs = config.timeouts.upstreamMs;
  const docker = getDocker(config.docker);
  const names = config.containers.map((container) => container.name);

  const dockerStatus = await getDockerVersion(docker, timeoutMs).then(
    (version) => ({ reachable: true, version, error: null }),
    (error: Error) => ({ reachable: false, version: null, error: error.message }),
  );
  const containers = dockerStatus.reachable
    ? await Promise.all(names.map((name) => inspectWatchedContainer(docker, name, timeoutMs)))
    : names.map((name) => unobservedContainer(name, "unknown", `Docker is unreachable: ${dockerStatus.error}`));

  return { generatedAt: now().toISOString(), docker: dockerStatus, containers };
}
