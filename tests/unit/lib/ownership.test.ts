import { describe, expect, it } from "vitest";
import type { MetricsEndpointView, PrometheusTarget } from "@/lib/contracts/board";
import { endpointForTarget, endpointsOwning, familyOf } from "@/lib/diagnosis/ownership";

const endpoint = (name: string, url: string, families: string[], expected: string[] = []): MetricsEndpointView => ({
  name,
  url,
  container: null,
  httpStatus: 200,
  contentType: "text/plain; version=0.0.4",
  bytes: 1000,
  latencyMs: 3,
  families,
  samples: families.length,
  expected,
  missing: [],
  parseProblems: [],
  error: null,
});

const api = endpoint("biometric-api", "http://127.0.0.1:18888/metrics", ["auren_webhook_requests_total", "process_cpu_seconds_total"]);
const worker = endpoint("worker", "http://worker:9100/metrics", ["queue_depth", "go_goroutines"], ["queue_jobs_failed_total"]);
const endpoints = [api, worker];

const target = (scrapeUrl: string): PrometheusTarget => ({
  job: "job",
  instance: "instance",
  scrapeUrl,
  health: "up",
  lastError: null,
  lastScrape: null,
  lastScrapeDuration: null,
});

describe("familyOf", () => {
  it.each([
    ["auren_memory_tier_latency_seconds_bucket", "auren_memory_tier_latency_seconds"],
    ["http_request_duration_seconds_sum", "http_request_duration_seconds"],
    ["http_request_duration_seconds_count", "http_request_duration_seconds"],
    ["auren_webhook_requests_total", "auren_webhook_requests_total"],
    ["bucket_fill", "bucket_fill"],
  ])("%s belongs to %s", (metric, family) => {
    expect(familyOf(metric)).toBe(family);
  });
});

describe("endpointsOwning", () => {
  it("finds the endpoint that exports the metric by name", () => {
    expect(endpointsOwning("auren_webhook_requests_total", endpoints)).toEqual([api]);
  });

  it("finds the endpoint expected to export it, even while it is missing", () => {
    expect(endpointsOwning("queue_jobs_failed_total", endpoints)).toEqual([worker]);
  });

  it("finds a histogram's endpoint from its _bucket series", () => {
    const histogram = endpoint("hist", "http://h/metrics", ["auren_memory_tier_latency_seconds"]);
    expect(endpointsOwning("auren_memory_tier_latency_seconds_bucket", [api, histogram])).toEqual([histogram]);
  });

  it("falls back to the metric's namespace when nobody exports or expects it", () => {
    expect(endpointsOwning("auren_hypothesis_validations_total", endpoints)).toEqual([api]);
    expect(endpointsOwning("queue_latency_seconds", endpoints)).toEqual([worker]);
  });

  it("names no owner for the families every client library exports", () => {
    expect(endpointsOwning("process_resident_memory_bytes", endpoints)).toEqual([]);
    expect(endpointsOwning("go_threads", endpoints)).toEqual([]);
  });

  it("names no owner when no endpoint shares the namespace", () => {
    expect(endpointsOwning("billing_invoices_total", endpoints)).toEqual([]);
  });
});

describe("endpointForTarget", () => {
  it.each([
    ["the same URL", "http://127.0.0.1:18888/metrics", api],
    ["localhost for 127.0.0.1", "http://localhost:18888/metrics", api],
    ["a trailing slash", "http://127.0.0.1:18888/metrics/", api],
  ])("matches %s", (_case, scrapeUrl, expected) => {
    expect(endpointForTarget(target(scrapeUrl), endpoints)).toBe(expected);
  });

  it("matches the default port spelled out or left out", () => {
    const plain = endpoint("plain", "http://exporter/metrics", []);
    const secure = endpoint("secure", "https://exporter:443/metrics", []);
    expect(endpointForTarget(target("http://exporter:80/metrics"), [secure, plain])).toBe(plain);
    expect(endpointForTarget(target("https://exporter/metrics"), [plain, secure])).toBe(secure);
  });

  it.each([
    ["another port", "http://127.0.0.1:18889/metrics"],
    ["another path", "http://127.0.0.1:18888/other"],
    ["https for http", "https://worker/metrics"],
    ["a URL that does not parse", "not a url"],
  ])("does not match %s", (_case, scrapeUrl) => {
    expect(endpointForTarget(target(scrapeUrl), endpoints)).toBeUndefined();
  });
});
