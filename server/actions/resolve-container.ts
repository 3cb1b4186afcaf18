import "server-only";
import type { ContainerAction } from "@/lib/contracts/operations";
import { containerKey, resolveContainer } from "@/lib/engines/container-key";
import { getBoardCache } from "@/server/collect/board-cache";
import { getSettings } from "@/server/config";
import { AppError } from "@/server/errors";

// A route's `{name}` -> the one watched container it means: `engine/name` (URL-encoded, edge%2Fapi) or a short
// name that only one engine has. Containers found by label selectors count too, as the last board saw them.

export interface ResolvedContainer {
  engine: string;
  name: string;
  /** `engine/name`: how the audit log and the lock name it. */
  key: string;
  actions: readonly ContainerAction[];
}

/** Next hands the segment over decoded or not depending on the version; names never hold `%`, so decoding is safe. */
export function decodeContainerParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

async function discovered(): Promise<ResolvedContainer[]> {
  const { selectors } = getSettings().config;
  if (selectors.length === 0) return [];
  const board = await getBoardCache()
    .get()
    .catch(() => null);
  return (board?.containers ?? [])
    .filter((container) => container.selector !== undefined && container.engine !== undefined)
    .map((container) => {
      const selector = selectors.find(
        (candidate) => candidate.label === container.selector && (candidate.engine === undefined || candidate.engine === container.engine),
      );
      return { engine: container.engine!, name: container.name, key: containerKey(container), actions: selector?.actions ?? [] };
    });
}

/** Throws AppError 404 (watches none) or 409 (several engines have that name: the keys are listed). */
export async function resolveWatchedContainer(param: string): Promise<ResolvedContainer> {
  const named: ResolvedContainer[] = getSettings().config.containers.map((container) => ({ ...container, key: containerKey(container) }));
  let result = resolveContainer(param, named);
  if ("none" in result || "found" in result) {
    const all = [...named, ...(await discovered()).filter((found) => !named.some((known) => known.key === found.key))];
    result = resolveContainer(param, all);
  }
  if ("found" in result) return result.found;
  if ("ambiguous" in result) {
    const encoded = result.ambiguous.map((key) => encodeURIComponent(key)).join(", ");
    throw new AppError(
      "container_ambiguous",
      `${param} runs on several engines (${result.ambiguous.join(", ")}): name one as engine/name, URL-encoded (${encoded}).`,
      409,
    );
  }
  throw new AppError("container_not_watched", `${param} is not a container this board watches (see containers: in cascade.yaml).`, 404);
}
