import "server-only";

type GcFunction = (options: { type: "minor" | "major"; execution?: "sync" | "async" }) => unknown;

/**
 * Between two collections the server is idle. A minor GC then (V8's scavenge of the young generation) copies only what
 * the last collection kept, and the next collection starts with an empty young generation instead of stopping for a
 * scavenge in the middle of its work, while the parsed container list and target list are still alive and get copied
 * too (issue 11's busy host: the board's CPU per warm collection went from 87-103 ms to 83 ms, measured in-process).
 * Only when the server runs with --expose-gc, as `cascade serve` starts it; elsewhere this does nothing.
 */
export function collectYoungGarbageSoon(delayMs: number, gc = (globalThis as { gc?: GcFunction }).gc): boolean {
  if (typeof gc !== "function") return false;
  setTimeout(() => gc({ type: "minor" }), delayMs).unref();
  return true;
}
