// What `cascade init` learns about one engine's containers, in a shape the pure planning (lib/init) reads.

export interface PublishedPort {
  /** The host address Docker binds ("0.0.0.0", "127.0.0.1", "::"). */
  hostIp: string;
  hostPort: number;
  containerPort: number;
}

export interface DiscoveredMount {
  source: string;
  destination: string;
}

export interface DiscoveredContainer {
  name: string;
  image: string;
  /** Entrypoint and command, joined with spaces. */
  command: string;
  running: boolean;
  labels: Record<string, string>;
  /** "host", "bridge", a network name, "container:<id>". */
  networkMode: string;
  publishedPorts: PublishedPort[];
  /** TCP ports its processes listen on (read from /proc); null when they could not be read. */
  listeningPorts: number[] | null;
  /** Names other containers can use for it on its networks: aliases, and the Compose service name. */
  aliases: string[];
  /** Its addresses on its networks. */
  ips: string[];
  mounts: DiscoveredMount[];
}

/** A scrape target as Prometheus lists it. */
export interface DiscoveredTarget {
  job: string;
  scrapeUrl: string;
}

/** Where a host:port in a URL leads: the container serving it and how we know. */
export interface ContainerMatch {
  container: string;
  how: "published port" | "listening socket" | "container name" | "network alias" | "container address";
}
