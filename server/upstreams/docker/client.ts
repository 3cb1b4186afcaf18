import "server-only";
import type Docker from "dockerode";
import type { ContainerView } from "@/lib/contracts/board";
import { processSingleton } from "@/server/process-singleton";
import { UpstreamError, withDeadline } from "../errors";
import { explainEngineError, getEngineDocker } from "./engines";
import { demultiplexLog, tailLines } from "./log-stream";
import {
  type ContainerListEntry,
  containerInspectSchema,
  containerListSchema,
  reshapeContainer,
  unobservedContainer,
  versionSchema,
} from "./schemas";

const LOG_TAIL_LINES = 30;

/**
 * The Dockerode of the one-engine shorthand (`docker.socketPath` / `docker.host`); engines by name come from dockerFor
 * (./engines.ts), `cascade init --engine` builds its own with getEngineDocker.
 */
export function getDocker(config: { socketPath?: string; host?: string }): Docker {
  const engine = config.host
    ? { name: "local", host: config.host }
    : { name: "local", socketPath: config.socketPath ?? "/var/run/docker.sock" };
  return getEngineDocker(engine, process.cwd());
}

/**
 * Turns what dockerode throws into an UpstreamError; `statusCode` is set when the daemon answered. `call` ("POST
 * /containers/x/start") names the Engine API call: a 403 is a socket proxy's refusal (the Engine itself does not
 * answer 403 to these calls; docs/docker-api.md lists what a proxy must allow).
 */
export function toDockerError(error: unknown, what: string, call?: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const err = error as { statusCode?: number; code?: string; message?: string; json?: { message?: string } };
  if (err.statusCode === 403) {
    return new UpstreamError("docker", "http", `the Docker socket proxy refused ${call ?? what}: 403`, 403);
  }
  if (typeof err.statusCode === "number") {
    return new UpstreamError("docker", "http", err.json?.message ?? err.message ?? what, err.statusCode);
  }
  const reason =
    err.code === "ENOENT"
      ? "the Docker socket does not exist"
      : err.code === "EACCES"
        ? "permission denied on the Docker socket"
        : explainEngineError(err.message ?? String(error));
  return new UpstreamError("docker", "network", `${what}: ${reason}`);
}

export async function getDockerVersion(docker: Docker, timeoutMs: number): Promise<string> {
  try {
    const raw = await withDeadline(docker.version(), timeoutMs, "docker", "Docker Engine");
    return versionSchema.parse(raw).Version;
  } catch (error) {
    throw toDockerError(error, "cannot reach the Docker Engine", "GET /version");
  }
}

/**
 * GET /version makes the engine run `runc --version` and `docker-init --version` (measured here: 40 ms of wall time
 * and about 50 ms of the host's CPU per call, against about 1 ms for GET /_ping). A collection asks the version at most
 * this often per engine and pings it in between: the engine is reachable exactly as before, when it answers.
 */
export const DOCKER_VERSION_MAX_AGE_MS = 60_000;
const versions = () => processSingleton("docker-versions", () => new WeakMap<Docker, { at: number; version: string }>());

/** The engine's version, asked again after DOCKER_VERSION_MAX_AGE_MS or when the engine did not answer; throws as getDockerVersion. */
export async function readDockerVersion(docker: Docker, timeoutMs: number): Promise<string> {
  const known = versions().get(docker);
  if (known && Date.now() - known.at < DOCKER_VERSION_MAX_AGE_MS) {
    try {
      await withDeadline(docker.ping(), timeoutMs, "docker", "Docker Engine");
      return known.version;
    } catch (error) {
      versions().delete(docker); // restarted (perhaps upgraded) or gone: the next answer tells the version again
      throw toDockerError(error, "cannot reach the Docker Engine", "GET /_ping");
    }
  }
  const version = await getDockerVersion(docker, timeoutMs);
  versions().set(docker, { at: Date.now(), version });
  return version;
}

export async function readLogTail(docker: Docker, name: string, timeoutMs: number): Promise<string[]> {
  const raw = await withDeadline(
    docker.getContainer(name).logs({ stdout: true, stderr: true, tail: LOG_TAIL_LINES, follow: false }),
    timeoutMs,
    "docker",
    `logs of ${name}`,
  );
  return tailLines(demultiplexLog(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))), LOG_TAIL_LINES);
}

/** Every container on the host, running or not (`GET /containers/json?all=1`): one call, whatever their number. */
export async function listAllContainers(docker: Docker, timeoutMs: number): Promise<ContainerListEntry[]> {
  try {
    const raw = await withDeadline(docker.listContainers({ all: true }), timeoutMs, "docker", "the container list");
    return containerListSchema.parse(raw);
  } catch (error) {
    throw toDockerError(error, "cannot list containers");
  }
}

/** A container whose log tail is worth reading: not running, or running but unhealthy. */
export const needsLogTail = (container: ContainerView) => container.state !== "running" || container.health?.status === "unhealthy";

/**
 * One watched container as the board shows it; a container Docker does not know is `missing`, not an error. With
 * `logs: "when-failing"` the log tail is read only for a container that is not running or unhealthy.
 */
export async function inspectWatchedContainer(
  docker: Docker,
  name: string,
  timeoutMs: number,
  options: { logs: "always" | "when-failing" } = { logs: "always" },
): Promise<ContainerView> {
  let inspect: ReturnType<typeof containerInspectSchema.parse>;
  try {
    const raw = await withDeadline(docker.getContainer(name).inspect(), timeoutMs, "docker", `inspect of ${name}`);
    inspect = containerInspectSchema.parse(raw);
  } catch (error) {
    const upstreamError = toDockerError(error, `inspect of ${name}`, `GET /containers/${name}/json`);
    if (upstreamError.status === 404) return unobservedContainer(name, "missing", `no container named ${name}`);
    return unobservedContainer(name, "unknown", upstreamError.message);
  }
  const view = reshapeContainer(name, inspect, []);
  if (options.logs === "when-failing" && !needsLogTail(view)) return view;
  // The log tail is a nice-to-have: a slow log read must not hide the state we already know.
  const logTail = await readLogTail(docker, name, timeoutMs).catch((error: unknown) => [
    `(log unavailable: ${toDockerError(error, "logs", `GET /containers/${name}/logs`).message})`,
  ]);
  return { ...view, logTail };
}

/**
 * The values of a container's environment variables (Config.Env), to be redacted wherever they appear. A container
 * that does not exist has none; any other failure (timeout, socket error) throws UpstreamError: the caller must not
 * treat "could not read" as "nothing to redact".
 */
export async function readContainerEnvValues(docker: Docker, name: string, timeoutMs: number): Promise<string[]> {
  let raw: { Config?: { Env?: string[] | null } };
  try {
    raw = await withDeadline(docker.getContainer(name).inspect(), timeoutMs, "docker", `inspect of ${name}`);
  } catch (error) {
    const failure = toDockerError(error, `cannot inspect ${name}`, `GET /containers/${name}/json`);
    if (failure.kind === "http" && failure.status === 404) return [];
    throw failure;
  }
  return (raw.Config?.Env ?? []).map((entry) => entry.slice(entry.indexOf("=") + 1)).filter((value) => value.length > 0);
}
