"use client";

import { useState } from "react";
import type { Board, DashboardView } from "@/lib/contracts/board";
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

function explanation(dashboard: DashboardView, board: Board): string | null {
  const ref = dashboard.causes[0];
  if (!ref) return null;
  const cause = board.summary.causes.find((candidate) => candidate.kind === ref.kind && candidate.subject === ref.subject);
  return cause ? `Because: ${cause.title}` : null;
}

/** One tile per dashboard: status, panels by status, and the root cause that explains it; a tile opens its panels. */
export function DashboardTiles({ board }: { board: Board }) {
  const [open, setOpen] = useState<string | null>(null);
  if (board.dashboards.length === 0) {
    return <p className="text-slate-600 dark:text-slate-400">No dashboards: set grafana.url or grafana.dashboardsDir in cascade.yaml.</p>;
  }
  const opened = board.dashboards.find((dashboard) => dashboard.uid === open);
  return (
    <div className="space-y-4">
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Dashboards">
        {board.dashboards.map((dashboard) => {
          const status = DASHBOARD_STATUS[dashboard.status];
          const why = explanation(dashboard, board);
          return (
            <li key={dashboard.uid}>
              <button
                type="button"
                onClick={() => setOpen(open === dashboard.uid ? null : dashboard.uid)}
                aria-expanded={open === dashboard.uid}
                aria-controls="dashboard-panels"
                data-testid="dashboard-tile"
                data-status={dashboard.status}
                className={`${card} flex h-full w-full min-w-0 flex-col gap-2 text-left [overflow-wrap:anywhere] transition hover:border-slate-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${open === dashboard.uid ? "ring-2 ring-sky-500" : ""}`}
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
                {why && <span className="text-sm text-slate-600 dark:text-slate-400">{why}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      <div id="dashboard-panels" aria-live="polite">
        {opened && <PanelList dashboard={opened} onClose={() => setOpen(null)} />}
      </div>
    </div>
  );
}
