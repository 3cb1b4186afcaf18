import type { ContainerMatch, DiscoveredContainer } from "./types";

// Which container serves a host:port, the way the stack's own network sees it: a loopback or wildcard address is the
// host, so a published port or (for host-network containers) a socket a container's processes listen on; a name is
// a container name or a network alias (Compose service names are aliases on Compose networks); an address is a
// container's address on one of its networks.

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|0\.0\.0\.0|::|\[::\])$/i;

export function hostAndPort(url: string): { host: string; port: number } | null {
  try {
    const parsed = new URL(url);
    const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
    return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port };
  } catch {
    return null;
  }
}

const isLoopback = (host: string) => LOOPBACK.test(host);
const wildcardOrLoopbackBind = (hostIp: string) => hostIp === "" || isLoopback(hostIp);

export function containerServing(url: string, containers: readonly DiscoveredContainer[]): ContainerMatch | null {
  const where = hostAndPort(url);
  if (!where) return null;
  const { host, port } = where;
  const running = containers.filter((container) => container.running);
  if (isLoopback(host)) {
    const published = running.find((container) =>
      container.publishedPorts.some((binding) => binding.hostPort === port && wildcardOrLoopbackBind(binding.hostIp)),
    );
    if (published) return { container: published.name, how: "published port" };
    const listening = running.find((container) => container.networkMode === "host" && container.listeningPorts?.includes(port));
    return listening ? { container: listening.name, how: "listening socket" } : null;
  }
  const byName = running.find((container) => container.name === host);
  if (byName) return { container: byName.name, how: "container name" };
  const byAlias = running.find((container) => container.aliases.includes(host));
  if (byAlias) return { container: byAlias.name, how: "network alias" };
  const byAddress = running.find((container) => container.ips.includes(host));
  return byAddress ? { container: byAddress.name, how: "container address" } : null;
}

/**
 * The URLs at which a container's port can be reached from where Cascade runs: loopback for a published port or a
 * host-network socket, else the container's name on its network (Cascade in the same network, as in docs/compose.yaml).
 */
export function urlsOf(container: DiscoveredContainer): string[] {
  const urls = new Set<string>();
  for (const binding of container.publishedPorts) {
    if (wildcardOrLoopbackBind(binding.hostIp)) urls.add(`http://127.0.0.1:${binding.hostPort}`);
  }
  if (container.networkMode === "host") for (const port of container.listeningPorts ?? []) urls.add(`http://127.0.0.1:${port}`);
  for (const binding of container.publishedPorts) urls.add(`http://${container.name}:${binding.containerPort}`);
  return [...urls];
}

/** Whether a container's image or command names the program (e.g. "prometheus", but not "prometheus-node-exporter"). */
export function runsProgram(container: DiscoveredContainer, program: string): boolean {
  const words = `${container.image} ${container.command}`.toLowerCase().split(/[\s/:@]+/);
  return words.includes(program);
}
