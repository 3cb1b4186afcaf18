import type { DashboardView } from "@/lib/contracts/board";
import { card } from "./section";
import { StatusBadge } from "./status-badge";
import { QUERY_STATUS } from "./status-style";
import { withKeys } from "./unique-keys";

/** Every panel of one dashboard with each query's PromQL, status and missing metrics. */
export function PanelList({ dashboard, onClose }: { dashboard: DashboardView; onClose: () => void }) {
  return (
    <div className={`${card} space-y-3`} data-testid="panel-list">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">Panels of “{dashboard.title}”</h3>
        <div className="flex gap-3 text-sm">
          {dashboard.url && (
            <a href={dashboard.url} target="_blank" rel="noreferrer" className="text-sky-700 underline dark:text-sky-300">
              Open in Grafana
            </a>
          )}
          <button type="button" onClick={onClose} className="underline">
            Close
          </button>
        </div>
      </div>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {withKeys(dashboard.panels, (panel) => `${panel.id ?? "p"}-${panel.title}`).map(({ key, item: panel }) => (
          <li key={key} className="space-y-2 py-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">
                {panel.rowTitle && <span className="text-slate-500 dark:text-slate-400">{panel.rowTitle} / </span>}
                {panel.title || "(untitled)"} <span className="text-sm text-slate-500">· {panel.type}</span>
              </span>
              <StatusBadge tone={QUERY_STATUS[panel.status].tone}>{QUERY_STATUS[panel.status].word}</StatusBadge>
            </div>
            {panel.queries.map((query) => (
              <div key={query.refId} className="space-y-1 pl-3 text-sm">
                <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800">
                  <span className="text-slate-500">{query.refId}: </span>
                  {query.resolvedExpr}
                </pre>
                {query.missingMetrics.length > 0 && (
                  <p>
                    Missing: <span className="font-mono">{query.missingMetrics.join(", ")}</span>
                  </p>
                )}
                {query.error && query.status !== "missing-metric" && <p className="text-slate-600 dark:text-slate-400">{query.error}</p>}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
