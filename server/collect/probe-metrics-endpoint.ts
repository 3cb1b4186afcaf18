import "server-only";
import type { MetricsEndpointView } from "@/lib/contracts/board";
import { metricNamesOf, parseExposition } from "@/lib/exposition/parse-exposition";
import type { CascadeConfig } from "@/server/config";
import { recordUpstreamError } from "@/server/metrics/registry";
import { UpstreamError } from "@/server/upstreams/errors";
import { fetchMetrics } from "@/server/upstreams/metrics/client";

type EndpointConfig = CascadeConfig["metricsEndpoints"][number];

function firstLine(body: string): string {
  const text = body
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** One metrics endpoint: status, size, latency and the families it exports. Never throws. */
export async function probeMetricsEndpoint(endpoint: EndpointConfig, timeoutMs: number): Promise<MetricsEndpointView> {
  const view: MetricsEndpointView = {
    name: endpoint.name,
    url: endpoint.url,
    container: endpoint.container ?? null,
    httpStatus: null,
    contentType: null,
    bytes: null,
    latencyMs: null,
    families: [],
    samples: 0,
    expected: endpoint.expect,
    missing: endpoint.expect,
    parseProblems: [],
    error: null,
  };
  let response;
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
  if (response.status !== 200) {
    recordUpstreamError("metrics", "http");
    return { ...answered, error: `HTTP ${response.status}${response.body.trim() ? `: ${firstLine(response.body)}` : ""}` };
  }
  const parsed = parseExposition(response.body, { contentType: response.contentType });
  const names = metricNamesOf(parsed);
  const families = parsed.families.map((family) => family.name).sort();
  const missing = endpoint.expect.filter((name) => !names.has(name));
  const looksLikeHtml = /^\s*</.test(response.body);
  return {
    ...answered,
    families,
    samples: parsed.families.reduce((sum, family) => sum + family.samples.length, 0),
    missing,
    parseProblems: parsed.problems.slice(0, 5).map((problem) => `line ${problem.line}: ${problem.message}`),
    error: looksLikeHtml
      ? `answered HTML, not the Prometheus text format (${response.contentType ?? "no content type"})`
      : families.length === 0
        ? "answered 200 with no metric families"
        : null,
  };
}
