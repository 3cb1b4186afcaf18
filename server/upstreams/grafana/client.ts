import "server-only";
import type { z } from "zod";
import { createLimiter } from "@/lib/async/limit";
import { messageOf } from "@/lib/async/message-of";
import { UpstreamError } from "../errors";
import { fetchUpstream, jsonErrorMessage, parseJsonAnswer, type UpstreamResponse } from "../http";
import {
  dashboardEnvelopeSchema,
  datasourceHealthSchema,
  datasourceListSchema,
  type GrafanaDashboard,
  type GrafanaDashboardSummary,
  type GrafanaDatasource,
  type GrafanaDatasourceHealth,
  type GrafanaHealth,
  healthSchema,
  reshapeDashboard,
  reshapeDashboardSummary,
  reshapeDatasource,
  reshapeDatasourceHealth,
  reshapeHealth,
  searchResultSchema,
} from "./schemas";

export type { GrafanaDashboard, GrafanaDashboardSummary, GrafanaDatasource, GrafanaDatasourceHealth, GrafanaHealth } from "./schemas";

export interface GrafanaSettings {
  url: string;
  token?: string;
  timeoutMs: number;
}

/** Grafana's largest search `limit`; a full page means there may be another. */
export const SEARCH_PAGE_SIZE = 5000;
/** 100 000 dashboards. Past that the board stops asking rather than paging forever. */
const MAX_SEARCH_PAGES = 20;
/** Dashboard and data-source checks in flight at once, so a big Grafana is not hit with hundreds of requests. */
const CONCURRENCY = 6;

interface GrafanaCall<T> {
  /** Relative to the base URL (no leading "/"), so a base with a sub-path keeps it. */
  path: string;
  query?: Record<string, string>;
  schema: z.ZodType<T>;
  /** Non-2xx statuses whose body, when it has `schema`'s shape, is an answer rather than an error. */
  answerStatuses?: number[];
}

function baseUrl(settings: GrafanaSettings): URL {
  // `new URL("api/health", "http://host/grafana")` resolves to /api/health: the base must end in "/".
  const base = new URL(settings.url);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  base.search = "";
  base.hash = "";
  return base;
}

/** Grafana's links (`/d/uid/slug`) are host-absolute paths that already carry its configured sub-path. */
function linker(settings: GrafanaSettings): (path: string) => string {
  const base = baseUrl(settings);
  return (path) => new URL(path, base).toString();
}

function describeRejection(response: UpstreamResponse, settings: GrafanaSettings, url: string): string {
  const detail = jsonErrorMessage(response.body, ["message"]);
  const verdict = settings.token ? "Grafana rejected the token" : "Grafana requires a token and none is configured";
  return `${verdict} (HTTP ${response.status}) at ${url}${detail ? `: ${detail}` : ""}`;
}

function interpret<T>(response: UpstreamResponse, call: GrafanaCall<T>, settings: GrafanaSettings, url: string): T {
  if (response.status === 401 || response.status === 403)
    throw new UpstreamError("grafana", "http", describeRejection(response, settings, url), response.status);
  return parseJsonAnswer("grafana", url, response, {
    schema: call.schema,
    answerStatuses: call.answerStatuses,
    messageFields: ["message"],
  });
}

/** The token must never reach a message, even when a proxy or a broken Grafana echoes the request back. */
function redact(error: unknown, token: string | undefined): unknown {
  if (!(error instanceof UpstreamError) || !token || !error.message.includes(token)) return error;
  return new UpstreamError(error.upstream, error.kind, error.message.split(token).join("[redacted]"), error.status);
}

async function callGrafana<T>(settings: GrafanaSettings, call: GrafanaCall<T>): Promise<T> {
  const url = new URL(call.path, baseUrl(settings));
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { accept: "application/json" };
  if (settings.token) headers.authorization = `Bearer ${settings.token}`;
  try {
    const response = await fetchUpstream("grafana", url.toString(), { timeoutMs: settings.timeoutMs, headers });
    return interpret(response, call, settings, url.toString());
  } catch (error) {
    throw redact(error, settings.token);
  }
}

export async function getGrafanaHealth(settings: GrafanaSettings): Promise<GrafanaHealth> {
  // 503 still carries the health body (`database: "failing"`): Grafana answered, so it is a result.
  const raw = await callGrafana(settings, { path: "api/health", schema: healthSchema, answerStatuses: [503] });
  return reshapeHealth(raw);
}

export async function listDashboards(settings: GrafanaSettings, options: { pageSize?: number } = {}): Promise<GrafanaDashboardSummary[]> {
  const pageSize = Math.min(options.pageSize ?? SEARCH_PAGE_SIZE, SEARCH_PAGE_SIZE);
  const link = linker(settings);
  const byUid = new Map<string, GrafanaDashboardSummary>();
  for (let page = 1; page <= MAX_SEARCH_PAGES; page++) {
    const hits = await callGrafana(settings, {
      path: "api/search",
      query: { type: "dash-db", limit: String(pageSize), page: String(page) },
      schema: searchResultSchema,
    });
    // A dashboard created between two pages shifts the rest by one: keying by uid keeps the list free of repeats.
    for (const hit of hits) if (hit.type === "dash-db") byUid.set(hit.uid, reshapeDashboardSummary(hit, link));
    if (hits.length < pageSize) break;
  }
  return [...byUid.values()];
}

export async function getDashboard(settings: GrafanaSettings, uid: string): Promise<GrafanaDashboard> {
  const raw = await callGrafana(settings, { path: `api/dashboards/uid/${encodeURIComponent(uid)}`, schema: dashboardEnvelopeSchema });
  return reshapeDashboard(raw, linker(settings));
}

export async function listDatasources(settings: GrafanaSettings): Promise<GrafanaDatasource[]> {
  const raw = await callGrafana(settings, { path: "api/datasources", schema: datasourceListSchema });
  return raw.map(reshapeDatasource);
}

export async function checkDatasourceHealth(settings: GrafanaSettings, uid: string): Promise<GrafanaDatasourceHealth> {
  // A failed check is HTTP 400 with `{status: "ERROR", message}`: the data source is broken, Grafana is fine.
  const raw = await callGrafana(settings, {
    path: `api/datasources/uid/${encodeURIComponent(uid)}/health`,
    schema: datasourceHealthSchema,
    answerStatuses: [400],
  });
  return reshapeDatasourceHealth(uid, raw);
}

export interface GrafanaCollection {
  health: GrafanaHealth;
  datasources: GrafanaDatasource[];
  /** Why the data-source list could not be read (a Viewer token gets 403 there), or null. */
  datasourcesError: string | null;
  datasourceHealth: GrafanaDatasourceHealth[];
  dashboards: { summary: GrafanaDashboardSummary; dashboard: unknown | null; error: string | null }[];
}

/**
 * Everything the board needs from Grafana, bounded: health, then data sources and the dashboard list, then each
 * data source's health and each dashboard's JSON, `CONCURRENCY` requests at a time. Throws (an UpstreamError) only
 * when Grafana itself cannot be reached or refuses the token, i.e. when health or search fails; a broken data source
 * or dashboard is reported beside the others.
 */
export async function collectGrafana(settings: GrafanaSettings): Promise<GrafanaCollection> {
  const health = await getGrafanaHealth(settings);
  const [datasourceList, summaries] = await Promise.all([
    listDatasources(settings).then(
      (datasources) => ({ datasources, error: null }),
      (error: unknown) => ({ datasources: [] as GrafanaDatasource[], error: messageOf(error) }),
    ),
    listDashboards(settings),
  ]);
  // One limiter for both kinds, so CONCURRENCY bounds the total in flight.
  const limit = createLimiter(CONCURRENCY);
  const [datasourceHealth, dashboards] = await Promise.all([
    Promise.all(
      datasourceList.datasources.map(({ uid }) =>
        limit(() =>
          checkDatasourceHealth(settings, uid).catch(
            (error: unknown): GrafanaDatasourceHealth => ({ uid, ok: false, message: messageOf(error) }),
          ),
        ),
      ),
    ),
    Promise.all(
      summaries.map((summary) =>
        limit(() =>
          getDashboard(settings, summary.uid).then(
            ({ dashboard }): GrafanaCollection["dashboards"][number] => ({ summary, dashboard, error: null }),
            (error: unknown): GrafanaCollection["dashboards"][number] => ({ summary, dashboard: null, error: messageOf(error) }),
          ),
        ),
      ),
    ),
  ]);
  return { health, datasources: datasourceList.datasources, datasourcesError: datasourceList.error, datasourceHealth, dashboards };
}
