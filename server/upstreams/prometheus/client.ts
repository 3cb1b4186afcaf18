import "server-only";
import type { PrometheusTarget } from "@/lib/contracts/board";
import { UpstreamError } from "../errors";
import { fetchJson, fetchUpstream } from "../http";
import {
  type ActiveTarget,
  buildInfoResponse,
  configResponse,
  countSeries,
  labelValuesResponse,
  type PrometheusAnswer,
  queryResponse,
  runtimeInfoResponse,
  targetsResponse,
  vectorResponse,
} from "./schemas";

export interface PrometheusSettings {
  url: string;
  timeoutMs: number;
}

export function endpoint(settings: PrometheusSettings, path: string): string {
  return new URL(path.replace(/^\//, ""), settings.url.endsWith("/") ? settings.url : `${settings.url}/`).toString();
}

export function unwrap<T>(answer: PrometheusAnswer<T>, url: string): T {
  if (answer.status === "error") throw new UpstreamError("prometheus", "http", `${url}: ${answer.errorType}: ${answer.error}`);
  return answer.data;
}

/** `/-/ready`: 200 when ready, 503 while starting or shutting down. Throws only when nothing answers. */
export async function checkReady(settings: PrometheusSettings): Promise<{ ready: boolean; detail: string }> {
  const response = await fetchUpstream("prometheus", endpoint(settings, "/-/ready"), {
    timeoutMs: settings.timeoutMs,
    maxBytes: 64 * 1024,
  });
  return { ready: response.status === 200, detail: `HTTP ${response.status}: ${response.body.trim().slice(0, 200)}` };
}

export async function getBuildInfo(settings: PrometheusSettings): Promise<{ version: string }> {
  const url = endpoint(settings, "/api/v1/status/buildinfo");
  return unwrap(await fetchJson("prometheus", url, buildInfoResponse, settings), url);
}

export async function getRuntimeInfo(
  settings: PrometheusSettings,
): Promise<{ reloadConfigSuccess: boolean; lastConfigTime: string | null; startTime: string | null }> {
  const url = endpoint(settings, "/api/v1/status/runtimeinfo");
  const data = unwrap(await fetchJson("prometheus", url, runtimeInfoResponse, settings), url);
  return { reloadConfigSuccess: data.reloadConfigSuccess, lastConfigTime: data.lastConfigTime ?? null, startTime: data.startTime ?? null };
}

/** The configuration Prometheus has loaded, as its YAML text. */
export async function getConfigYaml(settings: PrometheusSettings): Promise<string> {
  const url = endpoint(settings, "/api/v1/status/config");
  return unwrap(await fetchJson("prometheus", url, configResponse, settings), url).yaml;
}

function reshapeTarget(target: ActiveTarget): PrometheusTarget {
  return {
    job: target.labels.job ?? target.scrapePool ?? "",
    instance: target.labels.instance ?? "",
    scrapeUrl: target.scrapeUrl,
    health: target.health,
    lastError: target.lastError === "" ? null : target.lastError,
    lastScrape: target.lastScrape && !target.lastScrape.startsWith("0001-01-01") ? target.lastScrape : null,
    lastScrapeDuration: target.lastScrapeDuration ?? null,
  };
}

/**
 * The targets of the last answer, by Prometheus and scrape URL: a target whose fields did not change is the same
 * object as before. On a busy host (2,000 targets, a scrape every 15 s) most are unchanged at each collection, and
 * objects that outlive a collection are what the garbage collector pays for.
 */
const lastTargets = new Map<string, Map<string, PrometheusTarget>>();

const sameTarget = (a: PrometheusTarget, b: PrometheusTarget) =>
  a.job === b.job &&
  a.instance === b.instance &&
  a.health === b.health &&
  a.lastError === b.lastError &&
  a.lastScrape === b.lastScrape &&
  a.lastScrapeDuration === b.lastScrapeDuration;

export async function listTargets(settings: PrometheusSettings): Promise<PrometheusTarget[]> {
  const url = endpoint(settings, "/api/v1/targets?state=active");
  const data = unwrap(await fetchJson("prometheus", url, targetsResponse, { ...settings, maxBytes: 20 * 1024 * 1024 }), url);
  const last = lastTargets.get(settings.url) ?? new Map<string, PrometheusTarget>();
  const current = new Map<string, PrometheusTarget>();
  const targets = data.activeTargets.map((answer) => {
    const fresh = reshapeTarget(answer);
    const known = last.get(fresh.scrapeUrl);
    const target = known && sameTarget(known, fresh) ? known : fresh;
    current.set(target.scrapeUrl, target);
    return target;
  });
  if (!lastTargets.has(settings.url) && lastTargets.size >= 16) lastTargets.clear();
  lastTargets.set(settings.url, current);
  return targets;
}

/** Every metric name Prometheus holds a series of, in its whole retention: "never seen" means absent here. */
export async function listMetricNames(settings: PrometheusSettings): Promise<Set<string>> {
  const url = endpoint(settings, "/api/v1/label/__name__/values");
  return new Set(unwrap(await fetchJson("prometheus", url, labelValuesResponse, { ...settings, maxBytes: 20 * 1024 * 1024 }), url));
}

/** The label sets of an instant vector query's series (their values are dropped), e.g. `group by (__name__, job) (...)`. */
export async function queryLabelSets(settings: PrometheusSettings, expr: string): Promise<Record<string, string>[]> {
  const url = endpoint(settings, "/api/v1/query");
  const data = unwrap(
    await fetchJson("prometheus", url, vectorResponse, {
      ...settings,
      maxBytes: 20 * 1024 * 1024,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: expr }).toString(),
    }),
    url,
  );
  return data.result.map((series) => series.metric);
}

export type InstantQueryResult = { kind: "data"; series: number } | { kind: "error"; errorType: string; message: string };

/** Runs one instant query. Prometheus's own rejection (bad_data, execution, timeout) is a result, not a throw. */
export async function runInstantQuery(settings: PrometheusSettings, expr: string): Promise<InstantQueryResult> {
  const url = endpoint(settings, "/api/v1/query");
  const response = await fetchUpstream("prometheus", url, {
    timeoutMs: settings.timeoutMs,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ query: expr }).toString(),
  });
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new UpstreamError(
      "prometheus",
      response.status >= 500 ? "http" : "parse",
      `${url} answered HTTP ${response.status} without JSON`,
      response.status,
    );
  }
  const parsed = queryResponse.safeParse(json);
  if (!parsed.success) throw new UpstreamError("prometheus", "parse", `${url} answered an unexpected shape`, response.status);
  const answer = parsed.data;
  if (answer.status === "error") return { kind: "error", errorType: answer.errorType, message: answer.error };
  return { kind: "data", series: countSeries(answer.data) };
}
