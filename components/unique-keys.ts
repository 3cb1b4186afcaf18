/**
 * React keys from what an item is, not where it sits: the natural key, with "#2", "#3" on repeats (two untitled
 * panels, two events in the same second), so a list that grows at the top does not re-key every row below.
 */
export function withKeys<T>(items: readonly T[], keyOf: (item: T) => string): { key: string; item: T }[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = keyOf(item);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { key: count === 1 ? base : `${base}#${count}`, item };
  });
}
