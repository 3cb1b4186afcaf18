import "server-only";
import type Docker from "dockerode";
import { z } from "zod";
import { messageOf } from "@/lib/async/message-of";
import type { DiscoveredContainer } from "@/lib/init/types";
import type { Message } from "@/lib/messages";
import { SHORTHAND_ENGINE } from "@/server/config/engines-schema";
import { listAllContainers, toDockerError } from "@/server/upstreams/docker/client";
import { readSwarmState } from "@/server/upstreams/docker/engines";
import { listServices } from "@/server/upstreams/docker/swarm-client";
import { withDeadline } from "@/server/upstreams/errors";
import { listeningPorts } from "./proc-sockets";

// One engine's containers as `cascade init` needs them: the list (one call), then an inspect of each running one
// (a few at a time, each with a deadline) for its network mode, ports, aliases, mounts and main process.

const INSPECT_CONCURRENCY = 8;

const inspectSchema = z.object({
  Name: z.string(),
  Config: z
    .object({
      Image: z.string().default(""),
      Entrypoint: z.array(z.string()).nullable().default([]),
      Cmd: z.array(z.string()).nullable().default([]),
      Labels: z.record(z.string(), z.string()).nullable().default({}),
    })
    .partial()
    .default({}),
  State: z.object({ Running: z.boolean().default(false), Pid: z.number().int().default(0) }),
  HostConfig: z
    .object({ NetworkMode: z.string().default("") })
    .partial()
    .default({}),
  NetworkSettings: z
    .object({
      Ports: z
        .record(z.string(), z.array(z.object({ HostIp: z.string().default(""), HostPort: z.string().default("") })).nullable())
        .nullable()
        .default({}),
      Networks: z
        .record(z.string(), z.object({ Aliases: z.array(z.string()).nullable().default([]), IPAddress: z.string().default("") }).partial())
        .nullable()
        .default({}),
    })
    .partial()
    .default({}),
  Mounts: z
    .array(z.object({ Source: z.string().default(""), Destination: z.string().default("") }))
    .nullable()
    .default([]),
});
type Inspect = z.infer<typeof inspectSchema>;

export interface EngineDiscovery {
  version: string;
  containers: DiscoveredContainer[];
  /** Why listening sockets of host-network containers could not be read (null when they were, or none needed it). */
  socketsUnavailable: string | null;
  /** On a Swarm manager: how many services it has, or why it could not list them (a lost quorum); else null. */
  swarm: Message | null;
}

/** GET /info, and on a manager GET /services: a manager that lost its quorum says so here, it does not stop init. */
async function swarmNote(docker: Docker, timeoutMs: number): Promise<Message | null> {
  const state = await readSwarmState(docker, timeoutMs).catch(() => false as const);
  if (!(state !== false && state?.manager === true)) return null;
  return listServices({ name: SHORTHAND_ENGINE, docker }, timeoutMs).then(
    (services): Message => ({ key: "init.swarm.services", params: { services: services.length } }),
    (error: unknown): Message => ({ key: "init.swarm.unavailable", params: { error: messageOf(error) } }),
  );
}

function reshape(inspect: Inspect): Omit<DiscoveredContainer, "listeningPorts"> {
  const config = inspect.Config;
  const labels = config.Labels ?? {};
  const ports = inspect.NetworkSettings.Ports ?? {};
  const networks = Object.values(inspect.NetworkSettings.Networks ?? {});
  const composeService = labels["com.docker.compose.service"];
  return {
    name: inspect.Name.replace(/^\//, ""),
    image: config.Image ?? "",
    command: [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])].join(" "),
    running: inspect.State.Running,
    labels,
    networkMode: inspect.HostConfig.NetworkMode ?? "",
    publishedPorts: Object.entries(ports).flatMap(([spec, bindings]) =>
      (bindings ?? [])
        .filter((binding) => binding.HostPort !== "")
        .map((binding) => ({ hostIp: binding.HostIp, hostPort: Number(binding.HostPort), containerPort: Number.parseInt(spec, 10) })),
    ),
    aliases: [...new Set([...networks.flatMap((network) => network.Aliases ?? []), ...(composeService ? [composeService] : [])])],
    ips: networks.map((network) => network.IPAddress ?? "").filter(Boolean),
    mounts: (inspect.Mounts ?? []).map((mount) => ({ source: mount.Source, destination: mount.Destination })),
  };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function discoverEngine(docker: Docker, options: { timeoutMs: number; localProc: boolean }): Promise<EngineDiscovery> {
  const version = await withDeadline(docker.version(), options.timeoutMs, "docker", "Docker Engine").catch((error: unknown) => {
    throw toDockerError(error, "cannot reach the Docker Engine", "GET /version");
  });
  const list = await listAllContainers(docker, options.timeoutMs);
  let socketsUnavailable: string | null = null;
  const containers = await mapLimited(list, INSPECT_CONCURRENCY, async (entry): Promise<DiscoveredContainer | null> => {
    const raw = await withDeadline(docker.getContainer(entry.Id).inspect(), options.timeoutMs, "docker", `inspect of ${entry.Id}`).catch(
      () => null,
    );
    const parsed = raw ? inspectSchema.safeParse(raw) : null;
    if (!parsed?.success) return null;
    const container = reshape(parsed.data);
    let ports: number[] | null = null;
    if (container.running && container.networkMode === "host") {
      if (!options.localProc) socketsUnavailable ??= "the engine is not on this host";
      else {
        ports = await listeningPorts(parsed.data.State.Pid).catch((error: unknown) => {
          socketsUnavailable ??= `${container.name}: ${error instanceof Error ? error.message : String(error)}`;
          return null;
        });
      }
    }
    return { ...container, listeningPorts: ports };
  });
  return {
    swarm: await swarmNote(docker, options.timeoutMs),
    version: String((version as { Version?: string }).Version ?? "?"),
    containers: containers.filter((container): container is DiscoveredContainer => container !== null),
    socketsUnavailable,
  };
}
