import { z } from "zod";

// Prometheus HTTP API answers are a `success | error` union; one schema per endpoint, validated at run time.
// https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview

/** Prometheus's answer envelope: the data of a success, or the errorType and error of a refusal. */
export type PrometheusAnswer<T> =
  | { status: "success"; data: T; warnings?: string[] }
  | { status: "error"; errorType: string; error: string };

export function apiResponse<T extends z.ZodType>(data: T): z.ZodType<PrometheusAnswer<z.output<T>>> {
  return z.discriminatedUnion("status", [
    z.object({ status: z.literal("success"), data, warnings: z.array(z.string()).optional() }),
    z.object({ status: z.literal("error"), errorType: z.string(), error: z.string() }),
  ]) as z.ZodType<PrometheusAnswer<z.output<T>>>;
}

// https://prometheus.io/docs/prometheus/latest/querying/api/#build-information
export const buildInfoResponse = apiResponse(z.object({ version: z.string(), revision: z.string().optional() }));

// https://prometheus.io/docs/prometheus/latest/querying/api/#runtime-information
export const runtimeInfoResponse = apiResponse(
  z.object({ startTime: z.string().optional(), reloadConfigSuccess: z.boolean(), lastConfigTime: z.string().optional() }),
);

// https://prometheus.io/docs/prometheus/latest/querying/api/#config – the loaded configuration as YAML text.
export const configResponse = apiResponse(z.object({ yaml: z.string() }));

// https://prometheus.io/docs/prometheus/latest/querying/api/#targets
const activeTarget = z.object({
  labels: z.record(z.string(), z.string()),
  scrapePool: z.string().optional(),
  scrapeUrl: z.string(),
  lastError: z.string().default(""),
  lastScrape: z.string().optional(),
  lastScrapeDuration: z.number().optional(),
  health: z.enum(["up", "down", "unknown"]),
});
export const targetsResponse = apiResponse(z.object({ activeTargets: z.array(activeTarget) }));
export type ActiveTarget = z.infer<typeof activeTarget>;

// https://prometheus.io/docs/prometheus/latest/querying/api/#querying-label-values
export const labelValuesResponse = apiResponse(z.array(z.string()));

// https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries
export const queryResponse = apiResponse(
  z.object({
    resultType: z.enum(["vector", "matrix", "scalar", "string"]),
    result: z.unknown(),
  }),
);
/** An instant query known to answer a vector: each series's labels (the sample is not read). */
export const vectorResponse = apiResponse(
  z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: z.record(z.string(), z.string()) })) }),
);

export type QueryResponse = z.infer<typeof queryResponse>;

/** Series in a query result: a vector or matrix has one per element, a scalar or string counts as one. */
export function countSeries(data: { resultType: string; result: unknown }): number {
  if (data.resultType === "scalar" || data.resultType === "string") return 1;
  return Array.isArray(data.result) ? data.result.length : 0;
}
