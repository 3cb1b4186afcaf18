import type { MetricsEndpointView, PrometheusTarget } from "@/lib/contracts/board";

// Which endpoint should export a metric, and which endpoint a scrape target reads: the edges of the dependency graph
// between panels, targets and endpoints. Pure.

/** Metric families every client library exports; their namespace says nothing about who owns a metric. */
const GENERIC_PREFIXES = new Set(["process", "go", "nodejs", "python", "promhttp", "scrape", "up", "jvm", "dotnet"]);

/** A histogram's or summary's series name -> its family name. */
export function familyOf(metric: string): string {
  return metric.replace(/_(bucket|sum|count)$/, "");
}

const namespaceOf = (metric: string) => metric.split("_")[0] ?? metric;

/** The endpoints that export `metric`, or should: by name, by `expect`, else by the metric's namespace (auren_...). */
export function endpointsOwning(metric: string, endpoints: MetricsEndpointView[]): MetricsEndpointView[] {
  const family = familyOf(metric);
  const byName = endpoints.filter((endpoint) =>
    [...endpoint.families, ...endpoint.expected].some((name) => name === metric || name === family),
  );
  if (byName.length > 0) return byName;
  const namespace = namespaceOf(metric);
  if (GENERIC_PREFIXES.has(namespace)) return [];
  return endpoints.filter((endpoint) => [...endpoint.families, ...endpoint.expected].some((name) => namespaceOf(name) === namespace));
}

/** normalize's answers by URL: a busy host has thousands of scrape URLs and `new URL` is a few microseconds each, on
 * every diagnosis. Bounded: emptied when it outgrows what any one stack could hold. */
const normalized = new Map<string, string | null>();
const NORMALIZED_MAX = 50_000;

function normalize(url: string): string | null {
  let key = normalized.get(url);
  if (key !== undefined) return key;
  if (normalized.size >= NORMALIZED_MAX) normalized.clear();
  key = parseAndNormalize(url);
  normalized.set(url, key);
  return key;
}

function parseAndNormalize(url: string): string | null {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname === "localhost" || parsed.hostname === "[::1]" ? "127.0.0.1" : parsed.hostname;
    const port = parsed.port || (parsed.protocol === "https:" ? "443" : "80");
    return `${parsed.protocol}//${host}:${port}${parsed.pathname.replace(/\/$/, "")}`;
  } catch {
    return null;
  }
}

/** scrape URL -> the watched endpoint at that URL: the endpoints normalised once, each look-up a map read. */
export function indexEndpointsByUrl(endpoints: MetricsEndpointView[]): (scrapeUrl: string) => MetricsEndpointView | undefined {
  const byUrl = new Map<string, MetricsEndpointView>();
  for (const endpoint of endpoints) {
    const key = normalize(endpoint.url);
    if (key !== null && !byUrl.has(key)) byUrl.set(key, endpoint);
  }
  return (scrapeUrl) => {
    if (byUrl.size === 0) return undefined;
    const key = normalize(scrapeUrl);
    return key === null ? undefined : byUrl.get(key);
  };
}

export function endpointForTarget(target: PrometheusTarget, endpoints: MetricsEndpointView[]): MetricsEndpointView | undefined {
  const key = normalize(target.scrapeUrl);
  return key === null ? undefined : endpoints.find((endpoint) => normalize(endpoint.url) === key);
}
