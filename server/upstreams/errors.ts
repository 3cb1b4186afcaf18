import "server-only";

export type UpstreamName = "docker" | "prometheus" | "metrics" | "grafana";
export type UpstreamErrorKind = "network" | "timeout" | "http" | "parse" | "too-large";

/** The one error every upstream call throws; probes turn it into data on the board, never into a crash. */
export class UpstreamError extends Error {
  constructor(
    readonly upstream: UpstreamName,
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

/** Rejects with a timeout UpstreamError when `work` has not settled within `ms`; the loser's result is dropped. */
export function withDeadline<T>(work: Promise<T>, ms: number, upstream: UpstreamName, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new UpstreamError(upstream, "timeout", `${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
