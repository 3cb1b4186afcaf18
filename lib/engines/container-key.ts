import type { ContainerView } from "@/lib/contracts/board";

// How containers are named across engines. A container's key, `engine/name`, is its stable identity in stored data,
// incidents, uptime and the audit log. Its ref is how the board's causes, actions and timeline name it: the short
// name on the `local` engine (so one-engine boards read as they always did), `engine/name` elsewhere.

/** The engine of the one-engine form, and of containers in boards stored before engines existed. */
export const LOCAL_ENGINE = "local";

export const keyOf = (engine: string, name: string) => `${engine}/${name}`;

export const containerKey = (container: Pick<ContainerView, "name" | "engine">) => keyOf(container.engine ?? LOCAL_ENGINE, container.name);

export function refOf(engine: string | undefined, name: string): string {
  return engine === undefined || engine === LOCAL_ENGINE ? name : keyOf(engine, name);
}

export const containerRef = (container: Pick<ContainerView, "name" | "engine">) => refOf(container.engine, container.name);

/** A ref (`name` or `engine/name`) as a key: a short name is on the `local` engine. */
export const keyOfRef = (ref: string) => (ref.includes("/") ? ref : keyOf(LOCAL_ENGINE, ref));

/** `engine/name` -> its parts; a short name has no engine. */
export function splitRef(ref: string): { engine: string | null; name: string } {
  const slash = ref.indexOf("/");
  return slash === -1 ? { engine: null, name: ref } : { engine: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

/**
 * A container reference from cascade.yaml (`prometheus.container`, `metricsEndpoints[].container`: `name` or
 * `engine/name`) as the board's ref of the watched container it names; unchanged when it names none.
 */
export function canonicalRef(ref: string, watched: readonly { name: string; engine?: string }[]): string {
  const { engine, name } = splitRef(ref);
  const match = watched.find((container) => container.name === name && (engine === null || (container.engine ?? LOCAL_ENGINE) === engine));
  return match ? refOf(match.engine, match.name) : ref;
}
