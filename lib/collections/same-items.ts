// Element-by-element identity of two lists: what the collector and the diagnosis use to tell that nothing changed
// (the same query views, panels, dashboards, lines, keys). Pure.

/** The same length and the same items (`===`) in the same order. */
export const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a === b || (a.length === b.length && a.every((item, index) => item === b[index]));
