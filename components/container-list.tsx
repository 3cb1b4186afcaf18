"use client";

import type { ContainerView } from "@/lib/contracts/board";
import { describeContainerState } from "@/lib/format/container-status";
import { StatusBadge } from "./status-badge";

export function ContainerList({ containers, now }: { containers: ContainerView[]; now: Date }) {
  if (containers.length === 0) {
    return <p className="text-slate-600 dark:text-slate-400">No containers are watched: add them under `containers:` in cascade.yaml.</p>;
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Containers">
      {containers.map((container) => {
        const status = describeContainerState(container, now);
        return (
          <li key={container.name} data-testid={`container-${container.name}`} data-state={container.state}
            className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-mono text-base font-semibold">{container.name}</h3>
              <StatusBadge tone={status.tone}>{status.text}</StatusBadge>
            </div>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
              <dt>Restart policy</dt>
              <dd className="font-mono">{container.restartPolicy?.name ?? "—"}</dd>
              <dt>Restarts</dt>
              <dd className="tabular-nums">{container.restartCount ?? "—"}</dd>
              {container.image && (
                <>
                  <dt>Image</dt>
                  <dd className="truncate font-mono">{container.image}</dd>
                </>
              )}
              {container.reason && (
                <>
                  <dt>Why</dt>
                  <dd>{container.reason}</dd>
                </>
              )}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
