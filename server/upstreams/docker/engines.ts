import "server-only";
import fs from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import type { EngineStatus } from "@/lib/contracts/board";
import { type EngineConfig, getSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";
import { UpstreamError, withDeadline } from "../errors";
import { hostKeyIsKnown, KNOWN_HOSTS_FILES } from "./known-hosts";
import { explainSshRefusals, sshAuthHandler } from "./ssh-auth";

// Where Docker engines plug in: one Dockerode per engine and process (one HTTP agent per socket or host, not one per
// request), built from `docker.engines` (or the one-engine shorthand, named `local`). Unix socket, tcp:// with
// optional TLS (files read when the engine is first used), or ssh:// through `docker system dial-stdio` on the host
// (docker-modem's ssh support): ssh agent or sshKey, the host key must be in known_hosts, never a prompt.

/** How long an ssh handshake may take before the engine counts as not answering. */
const SSH_READY_TIMEOUT_MS = 5_000;

type Slot = Map<string, { docker: Docker } | { error: UpstreamError }>;
const slot = () => processSingleton("dockerode-engines", (): Slot => new Map());

function readFile(engine: EngineConfig, what: string, file: string, configDir: string): Buffer {
  const resolved = path.resolve(configDir, file);
  try {
    return fs.readFileSync(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UpstreamError("docker", "network", `engine ${engine.name}: cannot read ${what} ${resolved} (${code})`);
  }
}

/** `user@host:port` of an ssh:// URL: the key under which the methods a host offers are kept. */
const sshTarget = (url: URL) => `${decodeURIComponent(url.username)}@${url.hostname}:${url.port || 22}`;

/** Dockerode's options for one engine; throws UpstreamError when a TLS or key file cannot be read. */
export function dockerOptionsFor(engine: EngineConfig, configDir: string): Docker.DockerOptions {
  if (engine.socketPath !== undefined) return { socketPath: engine.socketPath };
  const url = new URL(engine.host!.replace(/^tcp:/, engine.tls ? "https:" : "http:"));
  if (url.protocol === "ssh:") {
    const port = Number(url.port || 22);
    const host = url.hostname;
    return {
      protocol: "ssh",
      host,
      port,
      username: decodeURIComponent(url.username) || undefined,
      sshOptions: {
        ...(engine.sshKey ? { privateKey: readFile(engine, "sshKey", engine.sshKey, configDir) } : {}),
        ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
        readyTimeout: SSH_READY_TIMEOUT_MS,
        // No keyboard-interactive and no password: an ssh host that wants one fails, it never waits for an answer.
        tryKeyboard: false,
        authHandler: sshAuthHandler(sshTarget(url), { agent: Boolean(process.env.SSH_AUTH_SOCK), key: Boolean(engine.sshKey) }),
        hostVerifier: (key: Buffer) => hostKeyIsKnown(host, port, key),
      },
    } as Docker.DockerOptions;
  }
  const https = url.protocol === "https:";
  const options: Docker.DockerOptions = {
    protocol: https ? "https" : "http",
    host: url.hostname,
    port: Number(url.port || (https ? 2376 : 2375)),
  };
  if (engine.tls) {
    options.ca = readFile(engine, "tls.ca", engine.tls.ca, configDir);
    options.cert = readFile(engine, "tls.cert", engine.tls.cert, configDir);
    options.key = readFile(engine, "tls.key", engine.tls.key, configDir);
  }
  return options;
}

/** The one Dockerode of an engine; throws UpstreamError (kept, so it is not retried per call) when it cannot be built. */
export function getEngineDocker(engine: EngineConfig, configDir: string): Docker {
  const key = JSON.stringify([engine, configDir]);
  const engines = slot();
  let entry = engines.get(key);
  if (!entry) {
    try {
      const docker = new Docker(dockerOptionsFor(engine, configDir));
      const ssh = engine.host?.startsWith("ssh://") ? new URL(engine.host) : null;
      entry = { docker: ssh ? explainSshRefusals(docker, sshTarget(ssh)) : docker };
    } catch (error) {
      entry = { error: error instanceof UpstreamError ? error : new UpstreamError("docker", "network", String(error)) };
    }
    engines.set(key, entry);
  }
  if ("error" in entry) throw entry.error;
  return entry.docker;
}

/** The engines of the running board's cascade.yaml. */
export const configuredEngines = (): EngineConfig[] => getSettings().config.engines;

/**
 * The Dockerode of a configured engine by name (`local` in the one-engine form), for actions, verify, snapshots and
 * Swarm calls. Throws UpstreamError when there is no such engine or it cannot be built.
 */
export function dockerFor(engineName: string): Docker {
  const settings = getSettings();
  const engine = settings.config.engines.find((candidate) => candidate.name === engineName);
  if (!engine) throw new UpstreamError("docker", "network", `no engine named ${engineName} in docker.engines`);
  return getEngineDocker(engine, path.dirname(settings.configPath));
}

/**
 * The facts ssh and TLS leave out of their refusals (which known_hosts files were read; that it was TLS); the advice
 * comes from the catalogues (lib/messages/engine-hints-*.ts) by the class lib/engines/engine-error.ts reads here.
 */
export function explainEngineError(message: string): string {
  if (/host denied|verification failed|hostVerifier/i.test(message))
    return `${message}: the host key is not in known_hosts (${KNOWN_HOSTS_FILES.join(", ")})`;
  if (/self[- ]signed|unable to verify|unable to get local issuer|certificate|altnames|ERR_TLS/i.test(message)) return `TLS: ${message}`;
  return message;
}

interface RawInfo {
  ServerVersion?: string;
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
}

/** A node joins or leaves a Swarm rarely: GET /info (which also counts images and volumes) is asked at most this often. */
const SWARM_STATE_MAX_AGE_MS = 30_000;
const swarmCache = () => processSingleton("swarm-state", () => new WeakMap<Docker, { at: number; swarm: EngineStatus["swarm"] }>());

/** GET /info's Swarm part: false when not in a Swarm, else its state and whether this node is a manager. */
export async function readSwarmState(docker: Docker, timeoutMs: number): Promise<EngineStatus["swarm"]> {
  const cached = swarmCache().get(docker);
  if (cached && Date.now() - cached.at < SWARM_STATE_MAX_AGE_MS) return cached.swarm;
  const info = (await withDeadline(docker.info() as Promise<RawInfo>, timeoutMs, "docker", "GET /info")) ?? {};
  const state = info.Swarm?.LocalNodeState ?? "inactive";
  const swarm = state === "inactive" || state === "" ? false : { state, manager: info.Swarm?.ControlAvailable === true };
  swarmCache().set(docker, { at: Date.now(), swarm });
  return swarm;
}
