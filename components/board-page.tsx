"use client";

import { useBoard } from "./hooks/use-board";
import { ContainerList } from "./container-list";
import { StatusBadge } from "./status-badge";
import { formatRelative } from "@/lib/format/relative-time";

export function BoardPage() {
  const board = useBoard();
  const now = new Date();

  return (
    <main className="mx-auto max-w-7xl space-y-6 p-4 sm:p-8">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold tracking-tight">Cascade</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {board.data ? `updated ${formatRelative(board.data.generatedAt, now) ?? "just now"}` : "loading…"}
        </p>
      </header>

      {board.isError && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          The board cannot load: {board.error.message}
        </div>
      )}

      {board.data && !board.data.docker.reachable && (
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <StatusBadge tone="unknown">Docker unreachable</StatusBadge>{" "}
          Cascade cannot ask the Docker Engine about the containers: {board.data.docker.error}
        </div>
      )}

      <section aria-labelledby="containers-heading" className="space-y-3">
        <h2 id="containers-heading" className="text-lg font-semibold">Containers</h2>
        {board.data ? (
          <ContainerList containers={board.data.containers} now={now} />
        ) : (
          !board.isError && <div className="h-32 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading containers" />
        )}
      </section>
    </main>
  );
}
