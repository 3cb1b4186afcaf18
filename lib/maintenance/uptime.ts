import type { StateChange } from "@/lib/incidents/types";
import type { MaintenanceWindow } from "./windows";

// Maintenance time is left out of uptime and shown as maintenance: each part a window covers is put in the state
// `maintenance` when the window starts, and back in the state it was recorded in when the window ends.

/** Whether `window` covers a recorded part (`stack`, `container:<engine>/<name>`, `dashboard:<uid>`). */
export function coversPart(window: Pick<MaintenanceWindow, "containers">, part: string): boolean {
  if (window.containers === null) return true;
  if (!part.startsWith("container:")) return false;
  const name = part.slice("container:".length).replace(/^[^/]+\//, "");
  return window.containers.includes(name);
}

/** The recorded changes with maintenance laid over them (windows in any order, overlapping or not). */
export function withMaintenance(
  changes: StateChange[],
  windows: Pick<MaintenanceWindow, "from" | "until" | "containers">[],
): StateChange[] {
  if (windows.length === 0) return changes;
  const byPart = new Map<string, StateChange[]>();
  for (const change of changes) byPart.set(change.part, [...(byPart.get(change.part) ?? []), change]);
  const result: StateChange[] = [];
  for (const [part, list] of byPart) {
    const sorted = [...list].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const intervals = merge(windows.filter((window) => coversPart(window, part)).map((w) => [Date.parse(w.from), Date.parse(w.until)]));
    const inside = (time: number) => intervals.some(([from, until]) => from <= time && time < until);
    const stateAt = (time: number) => sorted.filter((change) => Date.parse(change.time) <= time).at(-1)?.state ?? "unknown";
    const entries: { time: number; order: number; change: StateChange }[] = [];
    for (const change of sorted) if (!inside(Date.parse(change.time))) entries.push({ time: Date.parse(change.time), order: 1, change });
    for (const [from, until] of intervals) {
      entries.push({ time: from, order: 2, change: { part, time: new Date(from).toISOString(), state: "maintenance" } });
      // Before a change recorded at the very end, which then wins.
      entries.push({ time: until, order: 0, change: { part, time: new Date(until).toISOString(), state: stateAt(until - 1) } });
    }
    entries.sort((a, b) => a.time - b.time || a.order - b.order);
    result.push(...entries.map((entry) => entry.change));
  }
  return result;
}

function merge(intervals: number[][]): [number, number][] {
  const sorted = intervals.filter(([from, until]) => until! > from!).sort((a, b) => a[0]! - b[0]!);
  const merged: [number, number][] = [];
  for (const [from, until] of sorted) {
    const last = merged.at(-1);
    if (last && from! <= last[1]) last[1] = Math.max(last[1], until!);
    else merged.push([from!, until!]);
  }
  return merged;
}
