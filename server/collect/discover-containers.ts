import "server-only";
import type { ContainerView } from "@/lib/contracts/board";
import { labelMatches } from "@/lib/diagnosis/ignore";
import type { ContainerSelector } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";
import { type ContainerListEntry, unobservedContainer } from "@/server/upstreams/docker/schemas";

// Label selectors (`containers: [{label: ...}]`) resolved against the container list each engine already returns:
// no extra Engine API call. A container that matches appears; one that goes away is reported gone while it was seen
// running within the last hour, then forgotten. Per engine and process, in memory.

/** At most this many containers per engine come from selectors; the rest are counted (`engines[].capped`). */
export const MAX_DISCOVERED_PER_ENGINE = 200;
/** A selector's container that went away is shown as gone this long after it was last seen running. */
export const GONE_FOR_MS = 60 * 60_000;

export const nameOfEntry = (entry: ContainerListEntry) => entry.Names[0]?.replace(/^\//, "") ?? "";

interface Remembered {
  selector: string;
  /** When it was last seen running (ms), or null when never. */
  lastRunning: number | null;
  /** In the last list the engine gave. */
  present: boolean;
}

const memory = (engine: string) => processSingleton(`discovered:${engine}`, () => new Map<string, Remembered>());

export interface Discovery {
  /** Matched names (sorted, at most MAX_DISCOVERED_PER_ENGINE) -> the selector that matched. */
  matched: Map<string, string>;
  /** How many matched beyond the cap. */
  capped: number;
  /** Views for selector containers that went away within the last hour. */
  gone: ContainerView[];
}

/** The selectors that apply to one engine: those without `engine:`, and those naming it. */
export const selectorsFor = (selectors: readonly ContainerSelector[], engine: string) =>
  selectors.filter((selector) => selector.engine === undefined || selector.engine === engine);

/** Resolves the selectors on this collection's list; `named` containers are not discovered again. */
export function discoverContainers(
  engine: string,
  selectors: readonly ContainerSelector[],
  list: readonly ContainerListEntry[],
  named: ReadonlySet<string>,
  now: number,
): Discovery {
  const remembered = memory(engine);
  if (selectors.length === 0) {
    remembered.clear();
    return { matched: new Map(), capped: 0, gone: [] };
  }
  const all: [string, string, ContainerListEntry][] = [];
  for (const entry of list) {
    const name = nameOfEntry(entry);
    if (!name || named.has(name)) continue;
    const selector = selectors.find((candidate) => labelMatches(candidate.label, entry.Labels ?? {}));
    if (selector) all.push([name, selector.label, entry]);
  }
  all.sort((a, b) => a[0].localeCompare(b[0]));
  const kept = all.slice(0, MAX_DISCOVERED_PER_ENGINE);
  const matched = new Map(kept.map(([name, selector]) => [name, selector]));
  for (const [name, selector, entry] of kept) {
    const before = remembered.get(name);
    remembered.set(name, { selector, lastRunning: entry.State === "running" ? now : (before?.lastRunning ?? null), present: true });
  }
  const stillThere = new Set(all.map(([name]) => name));
  const gone: ContainerView[] = [];
  for (const [name, seen] of remembered) {
    if (matched.has(name) || stillThere.has(name)) continue;
    seen.present = false;
    if (seen.lastRunning === null || now - seen.lastRunning > GONE_FOR_MS) {
      remembered.delete(name);
      continue;
    }
    const view = unobservedContainer(name, "missing", `${name} (matched ${seen.selector}) is gone`);
    gone.push({ ...view, selector: seen.selector, goneSince: new Date(seen.lastRunning).toISOString() });
  }
  return { matched, capped: all.length - kept.length, gone };
}

/** The selector containers known from earlier collections, for an engine that does not answer now. */
export function rememberedContainers(engine: string): Map<string, string> {
  return new Map([...memory(engine)].filter(([, seen]) => seen.present).map(([name, seen]) => [name, seen.selector]));
}
