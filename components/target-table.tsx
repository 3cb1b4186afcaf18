"use client";

import type { PrometheusTarget } from "@/lib/contracts/board";
import { formatRelative } from "@/lib/format/relative-time";
import { FilteredPage } from "./filtered-page";
import { StatusBadge } from "./status-badge";

const targetText = (target: PrometheusTarget) => `${target.job} ${target.scrapeUrl} ${target.health} ${target.lastError ?? ""}`;

/** Prometheus's scrape targets, down first, filtered and one page at a time (a busy host has thousands). */
export function TargetTable({ targets, now }: { targets: PrometheusTarget[]; now: Date }) {
  return (
    <FilteredPage
      items={targets}
      label="targets"
      text={targetText}
      failing={(target) => target.health !== "up" && target.ignored === undefined}
    >
      {(page) => (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                <th className="py-1 pr-3 font-medium">Job</th>
                <th className="py-1 pr-3 font-medium">Target</th>
                <th className="py-1 pr-3 font-medium">Health</th>
                <th className="py-1 pr-3 font-medium">Last scrape</th>
                <th className="py-1 font-medium">Last error</th>
              </tr>
            </thead>
            <tbody>
              {page.map((target) => (
                <tr
                  key={target.scrapeUrl}
                  className={`border-t border-slate-200 dark:border-slate-800 ${target.ignored !== undefined ? "opacity-60" : ""}`}
                  data-testid="target-row"
                  data-ignored={target.ignored !== undefined}
                >
                  <td className="py-1 pr-3">{target.job}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{target.scrapeUrl}</td>
                  <td className="py-1 pr-3">
                    <StatusBadge tone={target.health === "up" ? "ok" : target.health === "down" ? "bad" : "unknown"}>
                      {target.health}
                    </StatusBadge>
                  </td>
                  <td className="py-1 pr-3 tabular-nums">{formatRelative(target.lastScrape, now) ?? "never"}</td>
                  <td className="py-1 text-xs">
                    {target.ignored !== undefined ? `Ignored: ${target.ignored}` : (target.lastError ?? "—")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </FilteredPage>
  );
}
