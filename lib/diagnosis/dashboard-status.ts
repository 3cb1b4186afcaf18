import type { DashboardObservation, DashboardView, PanelView, QueryStatus } from "@/lib/contracts/board";

// How query results roll up into a panel's and a dashboard's status. Pure.

/** Worst first: a panel shows the worst status among its queries. */
const SEVERITY: QueryStatus[] = ["unreachable", "error", "missing-metric", "no-data", "ok", "skipped"];

export function panelStatus(queries: { status: QueryStatus }[]): QueryStatus {
  const statuses = new Set(queries.map((query) => query.status));
  return SEVERITY.find((status) => statuses.has(status)) ?? "skipped";
}

export function countPanels(panels: PanelView[]): DashboardView["panelCounts"] {
  const counts: DashboardView["panelCounts"] = { ok: 0, "no-data": 0, "missing-metric": 0, error: 0, unreachable: 0, skipped: 0 };
  for (const panel of panels) counts[panel.status] += 1;
  return counts;
}

/**
 * `down` when no panel that queries Prometheus can show anything (all unreachable or error), `ok` when all of them
 * return data, `degraded` in between, `unknown` when nothing on it queries Prometheus.
 */
export function dashboardStatus(panels: PanelView[]): DashboardView["status"] {
  const queried = panels.filter((panel) => panel.status !== "skipped");
  if (queried.length === 0) return "unknown";
  if (queried.every((panel) => panel.status === "unreachable" || panel.status === "error")) return "down";
  if (queried.every((panel) => panel.status === "ok")) return "ok";
  return "degraded";
}

/** A collected dashboard with its roll-up: status and panel counts; the causes are filled in by explainDashboards. */
export function rollUpDashboard(dashboard: DashboardObservation): DashboardView {
  return {
    ...dashboard,
    status: dashboard.error ? "unknown" : dashboardStatus(dashboard.panels),
    panelCounts: countPanels(dashboard.panels),
    causes: [],
  };
}

/** An observation with every dashboard rolled up (the board's view of them, before any cause is linked). */
export function rollUpDashboards<T extends { dashboards: DashboardObservation[] }>(
  observation: T,
): Omit<T, "dashboards"> & { dashboards: DashboardView[] } {
  return { ...observation, dashboards: observation.dashboards.map(rollUpDashboard) };
}
