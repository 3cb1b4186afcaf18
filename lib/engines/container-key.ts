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

/** A key as the board's ref: `local/x` is `x`. */
export const refOfKey = (key: string) => {
  const { engine, name } = splitRef(key);
  return engine === null ? key : refOf(engine, name);
};

export type Resolution<T> = { found: T } | { ambiguous: string[] } | { none: true };

/**
 * Which container a route's `{name}` means: `engine/name` exactly, or a short name when exactly one engine has a
 * watched container of that name; several are ambiguous (their keys are listed).
 */
export function resolveContainer<T extends { name: string; engine?: string }>(param: string, watched: readonly T[]): Resolution<T> {
  const { engine, name } = splitRef(param);
  const matches = watched.filter(
    (container) => container.name === name && (engine === null || (container.engine ?? LOCAL_ENGINE) === engine),
  );
  if (matches.length === 1) return { found: matches[0]! };
  if (matches.length === 0) return { none: true };
  return { ambiguous: matches.map(containerKey).sort() };
}
