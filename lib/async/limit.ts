/** A semaphore: `run(task)` starts `task` once fewer than `max` tasks started through it are still running. */
export function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing task hands over its slot
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** Maps with at most `max` calls in flight, keeping the order of `items`. */
export function mapWithLimit<T, R>(items: readonly T[], max: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limit = createLimiter(max);
  return Promise.all(items.map((item, index) => limit(() => work(item, index))));
}
