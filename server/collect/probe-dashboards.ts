import "server-only";
import path from "node:path";
import { sameItems } from "@/lib/collections/same-items";
import type { DashboardObservation, Observation, PanelView } from "@/lib/contracts/board";
import { type WalkedDashboard, walkDashboard } from "@/lib/dashboards/walk-dashboard";
import { panelStatus } from "@/lib/diagnosis/dashboard-status";
import type { CascadeConfig } from "@/server/config";
import { recordUpstreamError } from "@/server/metrics/registry";
import { readDashboardFiles } from "@/server/upstreams/dashboard-files/client";
import { UpstreamError } from "@/server/upstreams/errors";
import { collectGrafana } from "@/server/upstreams/grafana/client";
import { evaluateQueries, type QueryStats, type QueryTarget } from "./evaluate-queries";
import { rememberDashboardQueries } from "./refresh-dashboard";

interface LoadedDashboard {
  uid: string;
  title: string;
  source: "grafana" | "file";
  url: string | null;
  walked: WalkedDashboard | null;
  error: string | null;
}

type KnownDatasource = { uid: string; name: string; type: string; isDefault?: boolean };

/** Walks of unchanged dashboard files (the same parsed object), reused: the walk depends on nothing else for files. */
const walkedFiles = new WeakMap<object, { walked: WalkedDashboard | null; error: string | null }>();

function walk(json: unknown, known: KnownDatasource[]): { walked: WalkedDashboard | null; error: string | null } {
  try {
    return { walked: walkDashboard(json, { knownDatasources: known }), error: null };
  } catch (error) {
    return { walked: null, error: (error as Error).message };
  }
}

function walkFile(json: unknown): { walked: WalkedDashboard | null; error: string | null } {
  if (typeof json !== "object" || json === null) return walk(json, []);
  let result = walkedFiles.get(json);
  if (!result) {
    result = walk(json, []);
    walkedFiles.set(json, result);
  }
  return result;
}

async function loadFromFiles(dir: string): Promise<{ grafana: Observation["grafana"]; dashboards: LoadedDashboard[] }> {
  const grafana: NonNullable<Observation["grafana"]> = {
    url: null,
    dashboardsDir: dir,
    reachable: null,
    version: null,
    datasources: [],
    error: null,
  };
  try {
    const files = await readDashboardFiles(dir);
    const dashboards = files.map((file): LoadedDashboard => {
      const fallbackUid = path.basename(file.file, ".json");
      const { walked, error } = file.json === null ? { walked: null, error: file.error } : walkFile(file.json);
      return {
        uid: walked?.uid ?? fallbackUid,
        title: walked?.title || fallbackUid,
        source: "file",
        url: null,
        walked,
        error: error && `${path.basename(file.file)}: ${error}`,
      };
    });
    return { grafana, dashboards };
  } catch (error) {
    return { grafana: { ...grafana, error: `cannot read ${dir}: ${(error as Error).message}` }, dashboards: [] };
  }
}

async function loadFromGrafana(settings: {
  url: string;
  token?: string;
  timeoutMs: number;
}): Promise<{ grafana: Observation["grafana"]; dashboards: LoadedDashboard[] }> {
  const base: NonNullable<Observation["grafana"]> = {
    url: settings.url,
    dashboardsDir: null,
    reachable: false,
    version: null,
    datasources: [],
    error: null,
  };
  try {
    const collection = await collectGrafana(settings);
    const known = collection.datasources.map((datasource) => ({
      uid: datasource.uid,
      name: datasource.name,
      type: datasource.type,
      isDefault: datasource.isDefault,
    }));
    const dashboards = collection.dashboards.map((entry): LoadedDashboard => {
      const { walked, error } = entry.dashboard === null ? { walked: null, error: entry.error } : walk(entry.dashboard, known);
      return { uid: entry.summary.uid, title: entry.summary.title, source: "grafana", url: entry.summary.url, walked, error };
    });
    const health = new Map(collection.datasourceHealth.map((check) => [check.uid, check]));
    return {
      grafana: {
        ...base,
        reachable: true,
        version: collection.health.version,
        error: collection.datasourcesError,
        datasources: collection.datasources.map((datasource) => ({
          uid: datasource.uid,
          name: datasource.name,
          type: datasource.type,
          healthy: health.get(datasource.uid)?.ok ?? null,
          message: health.get(datasource.uid)?.message ?? null,
        })),
      },
      dashboards,
    };
  } catch (error) {
    if (error instanceof UpstreamError) recordUpstreamError("grafana", error.kind);
    return { grafana: { ...base, error: (error as Error).message }, dashboards: [] };
  }
}

type WalkedPanel = WalkedDashboard["panels"][number];

/**
 * The panel and dashboard objects of the last collection, by walked panel and walked dashboard (kept while the file is
 * unchanged), reused when every query view is the same object: a quiet busy host rebuilds none of its 2,000 panels.
 */
const lastPanels = new WeakMap<WalkedPanel, PanelView>();
const lastDashboards = new WeakMap<WalkedDashboard, DashboardObservation>();

function panelView(panel: WalkedPanel, queries: PanelView["queries"]): PanelView {
  const last = lastPanels.get(panel);
  if (last !== undefined && sameItems(last.queries, queries)) return last;
  const view: PanelView = {
    id: panel.id,
    title: panel.title,
    type: panel.type,
    rowTitle: panel.rowTitle,
    status: panelStatus(queries),
    queries,
  };
  lastPanels.set(panel, view);
  return view;
}

/** Every dashboard down to each panel's queries, run against Prometheus. Never throws. */
export async function probeDashboards(
  config: CascadeConfig,
  configDir: string,
  prometheus: QueryTarget | null,
): Promise<{ grafana: Observation["grafana"]; dashboards: DashboardObservation[]; queryStats: QueryStats | null }> {
  const grafanaConfig = config.grafana;
  if (!grafanaConfig || (!grafanaConfig.url && !grafanaConfig.dashboardsDir)) return { grafana: null, dashboards: [], queryStats: null };
  const loaded = grafanaConfig.url
    ? await loadFromGrafana({ url: grafanaConfig.url, token: grafanaConfig.token, timeoutMs: config.timeouts.upstreamMs })
    : await loadFromFiles(path.resolve(configDir, grafanaConfig.dashboardsDir!));

  const walkedQueries = loaded.dashboards.flatMap((dashboard) => (dashboard.walked?.panels ?? []).flatMap((panel) => panel.queries));
  // The queries' part of the collection is bounded by the same deadline as every upstream call.
  const { viewOf, stats } = await evaluateQueries(walkedQueries, prometheus, config.timeouts.upstreamMs);
  if (prometheus) rememberDashboardQueries(loaded.dashboards, prometheus, config.timeouts.upstreamMs);

  const dashboards = loaded.dashboards.map((dashboard): DashboardObservation => {
    const panels = (dashboard.walked?.panels ?? [])
      .map((panel): PanelView | null => (panel.type === "row" ? null : panelView(panel, panel.queries.map(viewOf))))
      .filter((panel): panel is PanelView => panel !== null);
    const walked = dashboard.walked;
    const last = walked && lastDashboards.get(walked);
    if (last && last.error === dashboard.error && sameItems(last.panels, panels)) return last;
    const view: DashboardObservation = {
      uid: dashboard.uid,
      title: dashboard.title,
      source: dashboard.source,
      url: dashboard.url,
      panels,
      error: dashboard.error,
    };
    if (walked) lastDashboards.set(walked, view);
    return view;
  });
  return { grafana: loaded.grafana, dashboards, queryStats: prometheus ? stats : null };
}
