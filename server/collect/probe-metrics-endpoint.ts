import "server-only";
import type { MetricsEndpointView } from "@/lib/contracts/board";
import { readMetricsAnswer, unprobedEndpointView } from "@/lib/health/endpoint";
import type { CascadeConfig } from "@/server/config";
import { recordUpstreamError } from "@/server/metrics/registry";
import { UpstreamError } from "@/server/upstreams/errors";
import { fetchMetrics } from "@/server/upstreams/metrics/client";

type EndpointConfig = CascadeConfig["metricsEndpoints"][number];

/** One metrics endpoint: status, size, latency and the families it exports (lib/health reads them). Never throws. */
export async function probeMetricsEndpoint(endpoint: EndpointConfig, timeoutMs: number): Promise<MetricsEndpointView> {
  const view = unprobedEndpointView(endpoint);
  let response: Awaited<ReturnType<typeof fetchMetrics>>;
  try {
    response = await fetchMetrics(endpoint.url, timeoutMs);
  } catch (error) {
    if (error instanceof UpstreamError) recordUpstreamError("metrics", error.kind);
    return { ...view, httpStatus: error instanceof UpstreamError ? (error.status ?? null) : null, error: (error as Error).message };
  }
  const answered = {
    ...view,
    httpStatus: response.status,
    contentType: response.contentType,
    bytes: response.bytes,
    latencyMs: response.latencyMs,
  };
  if (response.status !== 200) recordUpstreamError("metrics", "http");
  return { ...answered, ...readMetricsAnswer(response, endpoint.expect) };
}
