import "server-only";
import { DEFAULT_MAX_BYTES, fetchUpstream, type UpstreamResponse } from "../http";

// A metrics endpoint (/metrics): asks for OpenMetrics or the Prometheus text format, as Prometheus itself does.
const ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1";

/** Any HTTP status is an answer; throws an UpstreamError when nothing usable came back in time or within 10 MiB. */
export function fetchMetrics(url: string, timeoutMs: number): Promise<UpstreamResponse> {
  return fetchUpstream("metrics", url, { timeoutMs, maxBytes: DEFAULT_MAX_BYTES, headers: { accept: ACCEPT } });
}
