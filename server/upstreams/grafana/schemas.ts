import "server-only";
import { z } from "zod";

// What Grafana's HTTP API answers, as far as the board reads it. Objects are loose: Grafana adds fields between
// versions and we must not fail on them. Only the `reshape*` functions below leave this file's raw shapes behind.

export interface GrafanaHealth {
  version: string | null;
  database: string | null;
}
export interface GrafanaDashboardSummary {
  uid: string;
  title: string;
  url: string;
  folderTitle: string | null;
  tags: string[];
}
export interface GrafanaDatasource {
  uid: string;
  name: string;
  type: string;
  url: string | null;
  isDefault: boolean;
}
export interface GrafanaDatasourceHealth {
  uid: string;
  ok: boolean;
  message: string;
}
export interface GrafanaDashboard {
  dashboard: unknown;
  url: string | null;
  folderTitle: string | null;
}

const emptyToNull = (value: string | null | undefined): string | null => (value ? value : null);

// GET /api/health – needs no auth. `version` and `commit` are omitted when `[auth.anonymous] hide_version` is set;
// a failing database answers 503 with `database: "failing"` (pkg/api/http_server.go `apiHealthHandler`).
// https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api
export const healthSchema = z.looseObject({
  commit: z.string().optional(),
  database: z.string(),
  version: z.string().optional(),
});

export function reshapeHealth(raw: z.infer<typeof healthSchema>): GrafanaHealth {
  return { version: emptyToNull(raw.version), database: emptyToNull(raw.database) };
}

// GET /api/search?type=dash-db&limit=…&page=… – `limit` is the page size (max 5000, default 1000), `page` starts at 1.
// Dashboards at the root level carry no `folder*` fields. `uri` is deprecated since Grafana 5; `id` is kept optional
// because newer Grafana versions are dropping numeric ids and we never read it.
// https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/
export const searchHitSchema = z.looseObject({
  id: z.number().optional(),
  uid: z.string(),
  title: z.string(),
  uri: z.string().optional(),
  url: z.string(),
  type: z.string(),
  tags: z.array(z.string()).nullable().default([]),
  folderTitle: z.string().optional(),
  folderUid: z.string().optional(),
});
export const searchResultSchema = z.array(searchHitSchema);
export type SearchHit = z.infer<typeof searchHitSchema>;

/** `link` turns Grafana's path (`/d/uid/slug`, already carrying any sub-path) into a URL the board can open. */
export function reshapeDashboardSummary(raw: SearchHit, link: (path: string) => string): GrafanaDashboardSummary {
  return { uid: raw.uid, title: raw.title, url: link(raw.url), folderTitle: emptyToNull(raw.folderTitle), tags: raw.tags ?? [] };
}

// GET /api/dashboards/uid/:uid – `{dashboard, meta}`. The dashboard model is left unknown: lib/ walks it with its
// own schema. `meta.url` is "" for the home dashboard; `meta.slug` is deprecated since Grafana 5.
// https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/#get-dashboard-by-uid
export const dashboardEnvelopeSchema = z.looseObject({
  dashboard: z.record(z.string(), z.unknown()),
  meta: z.looseObject({
    url: z.string().optional(),
    slug: z.string().optional(),
    folderUid: z.string().optional(),
    folderTitle: z.string().optional(),
  }),
});

export function reshapeDashboard(raw: z.infer<typeof dashboardEnvelopeSchema>, link: (path: string) => string): GrafanaDashboard {
  return { dashboard: raw.dashboard, url: raw.meta.url ? link(raw.meta.url) : null, folderTitle: emptyToNull(raw.meta.folderTitle) };
}

// GET /api/datasources – not paginated (Grafana caps it at 5000). `url` is "" for data sources without one.
// https://grafana.com/docs/grafana/latest/developers/http_api/data_source/#get-all-data-sources
export const datasourceSchema = z.looseObject({
  id: z.number(),
  uid: z.string(),
  name: z.string(),
  type: z.string(),
  url: z.string().nullable().optional(),
  access: z.string(),
  isDefault: z.boolean().default(false),
});
export const datasourceListSchema = z.array(datasourceSchema);

export function reshapeDatasource(raw: z.infer<typeof datasourceSchema>): GrafanaDatasource {
  return { uid: raw.uid, name: raw.name, type: raw.type, url: emptyToNull(raw.url), isDefault: raw.isDefault };
}

// GET /api/datasources/uid/:uid/health – `status` is the plugin SDK's HealthStatus: "OK" | "ERROR" | "UNKNOWN".
// A check that did not pass answers HTTP 400 with this same body, so that status is a result, not an error.
// Not on the docs page; the handler is `checkDatasourceHealth` in grafana/grafana pkg/api/datasources.go, and the
// status values are documented at https://grafana.com/docs/grafana/v8.5/packages_api/runtime/healthstatus/
export const datasourceHealthSchema = z.looseObject({
  status: z.string(),
  message: z.string().default(""),
  details: z.unknown().optional(),
});

export function reshapeDatasourceHealth(uid: string, raw: z.infer<typeof datasourceHealthSchema>): GrafanaDatasourceHealth {
  return { uid, ok: raw.status === "OK", message: raw.message || raw.status };
}
