"use client";

import { useState } from "react";
import type { DashboardView } from "@/lib/contracts/board";
import type { BoardLike, DashboardSummary } from "@/lib/contracts/board-views";
import type { Cause } from "@/lib/contracts/diagnosis";
import { useDashboard } from "./hooks/use-dashboard";
import { PanelList } from "./panel-list";
import { card } from "./section";
import { StatusBadge } from "./status-badge";
import { DASHBOARD_STATUS } from "./status-style";

const COUNT_LABELS = {
  ok: "with data",
  "no-data": "no data",
  "missing-metric": "missing a metric",
  error: "query error",
  unreachable: "unreachable",
} as const;
const COUNT_ORDER = Object.keys(COUNT_LABELS) as (keyof typeof COUNT_LABELS)[];
/** Worst first, so that the executive view's first screen shows what is broken. */
const STATUS_ORDER: Record<DashboardSummary["status"], number> = { down: 0, degraded: 1, unknown: 2, ok: 3 };
/** Tiles shown before "Show all": the executive view stays one screen at a hundred dashboards. */
export const FIRST_TILES = 12;

/** Ignored dashboards go last, whatever their status. */
const rank = (dashboard: DashboardSummary) => (dashboard.ignored !== undefined ? 4 : STATUS_ORDER[dashboard.status]);

type Tile = DashboardSummary & { panels?: DashboardView["panels"] };

/** The opened dashboard's panels: in the board when it is a snapshot, else asked for (and brought up to date). */
function OpenedPanels({ dashboard, locale, onClose }: { dashboard: Tile; locale: string; onClose: () => void }) {
  const detail = useDashboard(dashboard.uid, locale, dashboard.panels === undefined);
  if (dashboard.panels) return <PanelList dashboard={{ ...dashboard, panels: dashboard.panels }} onClose={onClose} />;
  if (detail.data) return <PanelList dashboard={detail.data.dashboard} onClose={onClose} />;
  return (
    <p className={`${card} text-sm text-slate-600 dark:text-slate-400`}>
      {detail.isError ? `The panels cannot load: ${detail.error.message}` : `Loading the panels of “${dashboard.title}”…`}
    </p>
  );
}

/** One tile per dashboard: status, panels by status, and the root cause that explains it; a tile opens its panels. */
export function DashboardTiles({ board, locale = "en" }: { board: BoardLike; locale?: string }) {
  const [open, setOpen] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  if (board.dashboards.length === 0) {
    return <p className="text-slate-600 dark:text-slate-400">No dashboards: set grafana.url or grafana.dashboardsDir in cascade.yaml.</p>;
  }
  const causes = new Map<string, Cause>(board.summary.causes.map((cause) => [`${cause.kind}\u0000${cause.subject}`, cause]));
  const explanation = (dashboard: Tile) => {
    const ref = dashboard.causes[0];
    const cause = ref && causes.get(`${ref.kind}\u0000${ref.subject}`);
    return cause ? `Because: ${cause.title}` : null;
  };
  const sorted = board.dashboards
    .map((dashboard, index) => ({ dashboard, index }))
    .sort((a, b) => rank(a.dashboard) - rank(b.dashboard) || a.index - b.index)
    .map(({ dashboard }) => dashboard);
  const shown = all ? sorted : sorted.slice(0, FIRST_TILES);
  const opened = board.dashboards.find((dashboard) => dashboard.uid === open);
  return (
    <div className="space-y-4">
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Dashboards">
        {shown.map((dashboard) => {
          const status = DASHBOARD_STATUS[dashboard.status];
          const why = explanation(dashboard);
          return (
            <li key={dashboard.uid}>
              <button
                type="button"
                onClick={() => setOpen(open === dashboard.uid ? null : dashboard.uid)}
                aria-expanded={open === dashboard.uid}
                aria-controls="dashboard-panels"
                data-testid="dashboard-tile"
                data-status={dashboard.status}
                data-ignored={dashboard.ignored !== undefined}
                className={`${card} ${dashboard.ignored !== undefined ? "opacity-60 grayscale" : ""} flex h-full w-full min-w-0 flex-col gap-2 text-left [overflow-wrap:anywhere] transition hover:border-slate-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${open === dashboard.uid ? "ring-2 ring-sky-500" : ""}`}
              >
                <span className="flex items-start justify-between gap-2">
                  <span className="font-semibold leading-snug">{dashboard.title}</span>
                  <StatusBadge tone={status.tone}>{status.word}</StatusBadge>
                </span>
                <span className="flex flex-wrap gap-x-3 gap-y-1 text-sm tabular-nums text-slate-700 dark:text-slate-300">
                  {COUNT_ORDER.filter((key) => dashboard.panelCounts[key] > 0).map((key) => (
                    <span key={key}>
                      {dashboard.panelCounts[key]} {dashboard.panelCounts[key] === 1 ? "panel" : "panels"} {COUNT_LABELS[key]}
                    </span>
                  ))}
                </span>
                {dashboard.error && <span className="text-sm text-red-700 dark:text-red-300">{dashboard.error}</span>}
                {dashboard.ignored !== undefined && (
                  <span className="text-sm text-slate-600 dark:text-slate-400">Ignored: {dashboard.ignored}</span>
                )}
                {why && <span className="text-sm text-slate-600 dark:text-slate-400">{why}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {sorted.length > FIRST_TILES && (
        <button type="button" className="text-sm underline" onClick={() => setAll(!all)} data-testid="all-dashboards">
          {all ? `Show the first ${FIRST_TILES}` : `Show all ${sorted.length} dashboards`}
        </button>
      )}
      <div id="dashboard-panels" aria-live="polite">
        {opened && <OpenedPanels dashboard={opened} locale={locale} onClose={() => setOpen(null)} />}
      </div>
    </div>
  );
}
