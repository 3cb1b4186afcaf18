import "server-only";

// Next.js may bundle a module once per route, so a plain module-level variable can exist several times in one
// process. State that must be one per process (the Docker event feed, the board cache, the metrics registry) lives
// on globalThis under a Symbol.for key instead.
export function processSingleton<T>(key: string, create: () => T): T {
  const slot = Symbol.for(`cascade.${key}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  store[slot] ??= create();
  return store[slot]!;
}
