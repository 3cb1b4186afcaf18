"use client";

import type { ContainerView } from "@/lib/contracts/board";
import { describeContainerState } from "@/lib/format/container-status";
import { FilteredPage } from "./filtered-page";
import { card } from "./section";
import { StatusBadge } from "./status-badge";

export function ContainerList({ containers, now }: { containers: ContainerView[]; now: Date }) {
  if (containers.length === 0) {
    return <p className="text-slate-600 dark:text-slate-400">No containers are watched: add them under containers: in cascade.yaml.</p>;
  }
  return (
    <FilteredPage items={containers} label="containers" text={containerText} failing={isFailing}>
      {(page) => <ContainerCards containers={page} now={now} />}
    </FilteredPage>
  );
}

const containerText = (container: ContainerView) => `${container.name} ${container.image ?? ""} ${container.state}`;
const isFailing = (container: ContainerView) =>
  container.ignored === undefined && (container.state !== "running" || container.health?.status === "unhealthy");

function ContainerCards({ containers, now }: { containers: ContainerView[]; now: Date }) {
  return (
    <ul className="grid gap-3 lg:grid-cols-2" aria-label="Containers">
      {containers.map((container) => {
        const status = describeContainerState(container, now);
        return (
          <li
            key={`${container.engine ?? "local"}/${container.name}`}
            data-testid={`container-${container.name}`}
            data-state={container.state}
            data-engine={container.engine}
            data-ignored={container.ignored !== undefined}
            className={`${card} ${container.ignored !== undefined ? "opacity-60 grayscale" : ""}`}
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-mono text-base font-semibold">{container.name}</h3>
              <StatusBadge tone={status.tone}>{status.text}</StatusBadge>
            </div>
            {container.ignored !== undefined && (
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Ignored: {container.ignored}</p>
            )}
            <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
              <dt>Restart policy</dt>
              <dd className="font-mono">{container.restartPolicy?.name ?? "—"}</dd>
              <dt>Restarts</dt>
              <dd className="tabular-nums">{container.restartCount ?? "—"}</dd>
              {container.health && (
                <>
                  <dt>Health</dt>
                  <dd>
                    {container.health.status}
                    {container.health.failingStreak > 0 ? ` (${container.health.failingStreak} failures in a row)` : ""}
                  </dd>
                </>
              )}
              {container.oomKilled && (
                <>
                  <dt>OOM</dt>
                  <dd>killed for running out of memory</dd>
                </>
              )}
              {container.image && (
                <>
                  <dt>Image</dt>
                  <dd className="truncate font-mono">{container.image}</dd>
                </>
              )}
              {(container.reason || container.error) && (
                <>
                  <dt>Why</dt>
                  <dd>{container.reason ?? container.error}</dd>
                </>
              )}
            </dl>
            {container.logTail.length > 0 && (
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium">Log tail ({container.logTail.length} lines)</summary>
                <pre className="mt-2 max-h-72 overflow-auto rounded bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100">
                  {container.logTail.join("\n")}
                </pre>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
