import "server-only";
import type Docker from "dockerode";
import { mapWithLimit } from "@/lib/async/limit";
import { sameItems } from "@/lib/collections/same-items";
import type { ContainerView, EngineStatus } from "@/lib/contracts/board";
import { LOCAL_ENGINE, splitRef } from "@/lib/engines/container-key";
import type { CascadeConfig, ContainerSelector } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";
import { inspectWatchedContainer, listAllContainers, readDockerVersion, readLogTail } from "@/server/upstreams/docker/client";
import { readSwarmState } from "@/server/upstreams/docker/engines";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { type ContainerListEntry, listEntryKey, unobservedContainer } from "@/server/upstreams/docker/schemas";
import { withDeadline } from "@/server/upstreams/errors";
import { discoverContainers, nameOfEntry, rememberedContainers } from "./discover-containers";

/** Inspections (each with its log tail when failing) in flight at once. */
export const INSPECT_CONCURRENCY = 8;

/**
 * Up to this many watched containers, every collection also reads the log tail of the running ones (one cheap call
 * each): a small stack's engineer view and snapshots keep showing what a healthy service prints. Above it only
 * failing containers' tails are read, so a busy host costs one list call and a few inspections.
 */
export const FRESH_LOG_TAILS_UP_TO = 50;

interface Seen {
  /** The list entry's key when this view was inspected. */
  key: string;
  view: ContainerView;
}

/**
 * What the last collection learned per watched container of one engine, and which ones a Docker event has touched
 * since: only those, and those whose list entry changed, are inspected again. Per engine and process, in memory;
 * bounded by the watch list.
 */
const memory = (engine: string) =>
  processSingleton(engine === LOCAL_ENGINE ? "container-memory" : `container-memory:${engine}`, () => {
    const state = {
      seen: new Map<string, Seen>(),
      touched: new Set<string>(),
      /** The view shown last, with the inspected view it was made from. */
      shown: new Map<string, { from: ContainerView; view: ContainerView }>(),
    };
    getDockerEventFeed().subscribe((event) => {
      const ref = splitRef(event.subject);
      if ((ref.engine ?? LOCAL_ENGINE) === engine) state.touched.add(ref.name);
    });
    return state;
  });

/** Waits for `work` until `deadline` (ms since the epoch) at the latest; never rejects. */
async function untilDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
  });
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    timeUp,
  ]).finally(() => clearTimeout(timer));
}

const sameLines = (a: string[] | null | undefined, b: string[] | null | undefined) => a === b || (!!a && !!b && sameItems(a, b));

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (a === undefined) return false;
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** Names are "/name" in the list; the first one is the container's own. */
const nameOf = nameOfEntry;

/** One engine to collect: its Dockerode, its name, the containers named for it and the selectors that apply to it. */
export interface EngineWatch {
  engine: string;
  docker: Docker;
  names: string[];
  selectors: ContainerSelector[];
}

export interface DockerPart {
  docker: EngineStatus;
  containers: ContainerView[];
  /** How many containers this collection inspected (the rest came from memory or were missing). */
  inspected: number;
}

/**
 * The watched containers of one engine from one `GET /containers/json?all=1`: state and labels for all of them, and
 * the label selectors resolved on it; `inspect` (exit code, OOM, health, restart policy) only for those whose entry
 * changed, that an event touched, or whose last inspection failed; log tails only for those not running or unhealthy.
 * Never throws.
 */
export async function collectDocker(config: CascadeConfig, watch: EngineWatch): Promise<DockerPart> {
  const timeoutMs = config.timeouts.upstreamMs;
  const { docker, engine } = watch;
  const [version, list, swarm] = await Promise.allSettled([
    readDockerVersion(docker, timeoutMs),
    listAllContainers(docker, timeoutMs),
    readSwarmState(docker, timeoutMs),
  ]);
  const swarmState = swarm.status === "fulfilled" ? swarm.value : null;
  if (version.status === "rejected" || list.status === "rejected") {
    const failure: unknown = version.status === "rejected" ? version.reason : list.status === "rejected" ? list.reason : null;
    const message = failure instanceof Error ? failure.message : String(failure);
    const reachable = version.status === "fulfilled";
    const reason = reachable ? `Docker did not list its containers: ${message}` : `Docker is unreachable: ${message}`;
    const known = [...watch.names, ...[...rememberedContainers(engine).keys()].filter((name) => !watch.names.includes(name))];
    return {
      docker: { name: engine, reachable, version: reachable ? version.value : null, swarm: swarmState, error: message },
      containers: known.map((name) => ({ ...unobservedContainer(name, "unknown", reason), engine })),
      inspected: 0,
    };
  }
  const discovery = discoverContainers(engine, watch.selectors, list.value, new Set(watch.names), Date.now());
  const names = [...watch.names, ...discovery.matched.keys()];
  // The first collection also waits (within the deadline) for the last hour of events, so the timeline is never blank.
  const history = withDeadline(getDockerEventFeed().ensure(docker, names, engine), timeoutMs, "docker", "Docker events").catch(
    () => undefined,
  );

  const watched = new Set(names);
  const entries = new Map<string, ContainerListEntry>();
  for (const entry of list.value) {
    const name = nameOf(entry);
    if (watched.has(name)) entries.set(name, entry);
  }
  const { seen, touched, shown } = memory(engine);
  const toInspect = names.filter((name) => {
    const entry = entries.get(name);
    const last = seen.get(name);
    return entry !== undefined && (touched.has(name) || last === undefined || last.key !== listEntryKey(entry));
  });
  const inspecting = new Set(toInspect);
  const failed = new Map<string, ContainerView>();
  const inspected = new Set<string>();
  // One deadline for all inspections and tails together, not one per call: 500 first inspections on a slow daemon
  // would otherwise add up to minutes (cascade check once hung so). What is not done by then is shown as not yet
  // inspected; answers that arrive later are remembered for the next collection.
  const deadline = Date.now() + timeoutMs;
  const inTime = (work: () => Promise<void>) => (Date.now() < deadline ? work() : Promise.resolve());
  const inspections = mapWithLimit(toInspect, INSPECT_CONCURRENCY, (name) =>
    inTime(async () => {
      const entry = entries.get(name)!;
      touched.delete(name); // an event during the inspection touches it again
      const view = await inspectWatchedContainer(docker, name, timeoutMs, {
        logs: names.length <= FRESH_LOG_TAILS_UP_TO ? "always" : "when-failing",
      });
      // A failed inspection is not remembered: the next collection tries again.
      if (view.state === "unknown" || view.state === "missing") {
        seen.delete(name);
        failed.set(name, view);
      } else seen.set(name, { key: listEntryKey(entry), view });
      inspected.add(name);
    }),
  );
  const freshTails = new Map<string, string[]>();
  const tails =
    names.length <= FRESH_LOG_TAILS_UP_TO
      ? mapWithLimit(
          names.filter((name) => !inspecting.has(name) && seen.get(name)?.view.state === "running"),
          INSPECT_CONCURRENCY,
          (name) =>
            inTime(async () => {
              const tail = await readLogTail(docker, name, timeoutMs).catch(() => null);
              if (tail) freshTails.set(name, tail);
            }),
        )
      : null;
  await untilDeadline(Promise.all([inspections, tails, history]), deadline);
  const late = `not inspected within ${timeoutMs} ms (the Docker Engine is slow); the next collection inspects it`;

  const containers = names.map((name): ContainerView => {
    const entry = entries.get(name);
    if (!entry) {
      seen.delete(name);
      return { ...unobservedContainer(name, "missing", `no container named ${name}`), engine };
    }
    const view =
      failed.get(name) ??
      (inspecting.has(name) && !inspected.has(name) ? undefined : seen.get(name)?.view) ??
      unobservedContainer(name, "unknown", late);
    const logTail = freshTails.get(name) ?? view.logTail;
    const selector = discovery.matched.get(name);
    const labels = entry.Labels ?? {};
    // The same object as last collection when nothing in it changed (most containers of a busy host, each time).
    const last = shown.get(name);
    if (
      last?.from === view &&
      sameLines(last.view.logTail, logTail) &&
      last.view.selector === selector &&
      sameLabels(last.view.labels, labels)
    )
      return last.view;
    const shownView: ContainerView = { ...view, logTail, labels, engine, ...(selector ? { selector } : {}) };
    shown.set(name, { from: view, view: shownView });
    return shownView;
  });
  for (const name of shown.keys()) if (!watched.has(name)) shown.delete(name);
  for (const name of seen.keys()) if (!watched.has(name)) seen.delete(name);
  containers.push(...discovery.gone.map((view) => ({ ...view, engine })));
  return {
    docker: {
      name: engine,
      reachable: true,
      version: version.value,
      swarm: swarmState,
      error: null,
      containers: containers.length,
      ...(discovery.capped > 0 ? { capped: discovery.capped } : {}),
    },
    containers,
    inspected: toInspect.length,
  };
}
