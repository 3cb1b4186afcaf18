import "server-only";
import path from "node:path";
import { mapWithLimit } from "@/lib/async/limit";
import { messageOf } from "@/lib/async/message-of";
import type { ServiceView, SwarmNodeView, SwarmStatus } from "@/lib/contracts/services";
import { failingTask, judgeService } from "@/lib/health/service";
import { type CascadeConfig, getSettings } from "@/server/config";
import type { ServiceSelector } from "@/server/config/services-schema";
import { getEngineDocker } from "@/server/upstreams/docker/engines";
import {
  listNodes,
  listServices,
  listTasks,
  readSwarmRole,
  readTaskLogTail,
  type SwarmEngine,
} from "@/server/upstreams/docker/swarm-client";
import { reshapeNode, reshapeService, reshapeTask, type ServiceEntry, unobservedService } from "@/server/upstreams/docker/swarm-schemas";

// The Swarm part of one collection: per engine that `services:` asks, GET /info (is it a manager?), GET /services,
// GET /nodes (in parallel) and GET /tasks filtered to the watched services: one call each, each bounded by the
// upstream deadline; a failing task's last log lines (GET /tasks/{id}/logs, tail, never follow) only for services the
// judge finds failing. Never throws: an engine that does not answer, is not a manager, or lost its quorum is a state.

/** A label selector watches at most this many services (a selector matching thousands must not flood the board). */
export const MAX_SELECTED = 200;
/** Log reads of failing tasks in flight at once. */
const LOG_CONCURRENCY = 4;

export interface ServicesPart {
  services: ServiceView[];
  swarm: SwarmStatus[];
}

/**
 * The engines `services:` can reach. Today one: the `docker:` engine, named "local". The multi-engine config plugs in
 * here (a Dockerode and a name per engine).
 */
/** Every configured engine (docker.engines, or the shorthand as `local`) as a possible Swarm manager. */
export function swarmEnginesOf(config: CascadeConfig, configDir: string = path.dirname(getSettings().configPath)): SwarmEngine[] {
  return config.engines.map((engine) => ({ name: engine.name, docker: getEngineDocker(engine, configDir) }));
}

const selectorWords = (selector: ServiceSelector) => ("name" in selector ? selector.name : `label ${selector.label}`);

function selects(selector: ServiceSelector, service: ServiceEntry): boolean {
  if ("name" in selector) return service.Spec.Name === selector.name;
  const [key, ...rest] = selector.label.split("=");
  const value = service.Spec.Labels?.[key!];
  return value !== undefined && (rest.length === 0 || value === rest.join("="));
}

/** Named services stand on the board even when they cannot be seen; label selectors show what they match. */
function unseen(engine: string, selectors: ServiceSelector[], state: "missing" | "unknown", reason: string): ServiceView[] {
  return selectors.flatMap((selector) => ("name" in selector ? [unobservedService(engine, selector.name, state, reason)] : []));
}

/** Two nodes with one host name (two engines on one machine) are told apart by their id: a node's name is its key. */
function distinctHostnames(nodes: SwarmNodeView[]): SwarmNodeView[] {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.hostname, (counts.get(node.hostname) ?? 0) + 1);
  return nodes.map((node) => (counts.get(node.hostname)! > 1 ? { ...node, hostname: `${node.hostname}/${node.id.slice(0, 12)}` } : node));
}

async function collectEngine(engine: SwarmEngine, selectors: ServiceSelector[], timeoutMs: number, now: Date): Promise<ServicesPart> {
  const [role, list, nodes] = await Promise.allSettled([
    readSwarmRole(engine, timeoutMs),
    listServices(engine, timeoutMs),
    listNodes(engine, timeoutMs),
  ]);
  const status: SwarmStatus = { engine: engine.name, reachable: false, manager: false, localNodeState: null, nodes: [], error: null };
  if (role.status === "rejected") {
    const error = `engine ${engine.name} does not answer: ${messageOf(role.reason)}`;
    return { swarm: [{ ...status, error }], services: unseen(engine.name, selectors, "unknown", error) };
  }
  Object.assign(status, { reachable: true, manager: role.value.manager, localNodeState: role.value.localNodeState });
  if (!role.value.manager) {
    const state = role.value.localNodeState === "inactive" ? "" : ` (Swarm state ${role.value.localNodeState})`;
    const error = `engine ${engine.name} is not a Swarm manager${state}: services not watched`;
    return { swarm: [{ ...status, error }], services: unseen(engine.name, selectors, "unknown", error) };
  }
  if (nodes.status === "fulfilled") status.nodes = distinctHostnames(nodes.value.map(reshapeNode));
  if (list.status === "rejected") {
    // A manager that lost its quorum answers /info but not /services ("The swarm does not have a leader").
    const error = `the Swarm manager on engine ${engine.name} did not list its services: ${messageOf(list.reason)}`;
    return { swarm: [{ ...status, error }], services: unseen(engine.name, selectors, "unknown", error) };
  }
  const notes: string[] = [];
  if (nodes.status === "rejected") notes.push(`nodes not listed: ${messageOf(nodes.reason)}`);
  const chosen = new Map<string, ServiceEntry>();
  for (const selector of selectors) {
    const matched = list.value.filter((service) => selects(selector, service));
    if (!("name" in selector) && matched.length > MAX_SELECTED)
      notes.push(`${selectorWords(selector)} matches ${matched.length} services; the first ${MAX_SELECTED} are watched`);
    for (const service of matched.slice(0, MAX_SELECTED)) chosen.set(service.ID, service);
  }
  const hostnames = new Map(status.nodes.map((node) => [node.id, node.hostname]));
  let tasks: Awaited<ReturnType<typeof listTasks>> = [];
  let tasksError: string | null = null;
  try {
    tasks = await listTasks(engine, [...chosen.keys()], timeoutMs);
  } catch (error) {
    tasksError = `the tasks could not be listed: ${messageOf(error)}`;
  }
  const services = [...chosen.values()]
    .sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))
    .map((service): ServiceView => {
      if (tasksError) return unobservedService(engine.name, service.Spec.Name, "unknown", tasksError);
      const own = tasks.filter((task) => task.ServiceID === service.ID).map((task) => reshapeTask(task, hostnames));
      return reshapeService(engine.name, service, own);
    });
  const found = new Set(services.map((service) => service.name));
  for (const selector of selectors)
    if ("name" in selector && !found.has(selector.name))
      services.push(
        unobservedService(
          engine.name,
          selector.name,
          "missing",
          `the Swarm on engine ${engine.name} has no service named ${selector.name}`,
        ),
      );
  // Log lines only where they explain something: the failing task of each service the judge finds failing.
  const failing = services.flatMap((service) => {
    const task = judgeService(service, now) === null ? null : failingTask(service, now);
    return task ? [task] : [];
  });
  await mapWithLimit(failing, LOG_CONCURRENCY, async (task) => {
    task.logTail = await readTaskLogTail(engine, task.id, timeoutMs).catch((error: unknown) => [`(log unavailable: ${messageOf(error)})`]);
  });
  return { swarm: [{ ...status, error: notes.length ? notes.join("; ") : null }], services };
}

/** The services of every engine `services:` asks, in parallel; null when no services are configured. */
export async function collectSwarm(
  engines: SwarmEngine[],
  selectors: ServiceSelector[],
  timeoutMs: number,
  now: Date = new Date(),
): Promise<ServicesPart | null> {
  if (selectors.length === 0) return null;
  const known = new Set(engines.map((engine) => engine.name));
  const parts = await Promise.all(
    engines.flatMap((engine) => {
      const own = selectors.filter((selector) => selector.engine === undefined || selector.engine === engine.name);
      return own.length ? [collectEngine(engine, own, timeoutMs, now)] : [];
    }),
  );
  const stray = selectors.filter((selector) => selector.engine !== undefined && !known.has(selector.engine));
  const strayServices = stray.flatMap((selector) =>
    unseen(selector.engine!, [selector], "unknown", `no engine named ${selector.engine} in cascade.yaml`),
  );
  return withoutOtherEngines(
    { services: parts.flatMap((part) => part.services), swarm: parts.flatMap((part) => part.swarm) },
    selectors,
    strayServices,
  );
}

/**
 * With several engines, a selector without `engine:` is a question to every Swarm manager, not to each engine: an
 * engine that is no manager (and named by no selector) is left out, and a named service one manager has is not
 * reported missing on the others. When no engine is a manager, every engine's answer stays, saying why.
 */
function withoutOtherEngines(part: ServicesPart, selectors: ServiceSelector[], stray: ServiceView[]): ServicesPart {
  const managers = new Set(part.swarm.filter((swarm) => swarm.manager).map((swarm) => swarm.engine));
  if (managers.size === 0 || part.swarm.length < 2) return { ...part, services: [...part.services, ...stray] };
  const named = new Set(selectors.flatMap((selector) => (selector.engine === undefined ? [] : [selector.engine])));
  const asked = (engine: string) => managers.has(engine) || named.has(engine);
  const seen = new Set(part.services.filter((service) => service.state !== "missing").map((service) => service.name));
  const services = part.services.filter(
    (service) => asked(service.engine) && !(service.state === "missing" && seen.has(service.name) && !named.has(service.engine)),
  );
  return { services: [...services, ...stray], swarm: part.swarm.filter((swarm) => asked(swarm.engine)) };
}
