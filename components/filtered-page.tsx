"use client";

import { type ReactNode, useState } from "react";

/** Rows per page: at 2,000 targets the page renders 50, never all. */
export const PAGE_SIZE = 50;

/**
 * A long list for the engineer view: a filter box, failing rows first (the given order otherwise kept), and one page
 * rendered at a time. `text` is what the filter matches (case-insensitive); `failing` puts a row first.
 */
export function FilteredPage<T>({
  items,
  label,
  text,
  failing,
  children,
}: {
  items: T[];
  label: string;
  text: (item: T) => string;
  failing: (item: T) => boolean;
  children: (page: T[]) => ReactNode;
}) {
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const needle = filter.trim().toLowerCase();
  const matching = needle ? items.filter((item) => text(item).toLowerCase().includes(needle)) : items;
  const ordered = [...matching.filter(failing), ...matching.filter((item) => !failing(item))];
  const pages = Math.max(1, Math.ceil(ordered.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = ordered.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const small = items.length <= PAGE_SIZE;
  return (
    <div className="space-y-3">
      {!small && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <input
            type="search"
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
              setPage(0);
            }}
            placeholder={`Filter ${label}`}
            aria-label={`Filter ${label}`}
            data-testid={`filter-${label}`}
            className="w-64 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          />
          <span className="tabular-nums text-slate-600 dark:text-slate-400" data-testid={`count-${label}`}>
            {ordered.length === 0 ? "none" : `${current * PAGE_SIZE + 1}–${current * PAGE_SIZE + shown.length} of ${ordered.length}`}
          </span>
          <button type="button" className="underline disabled:opacity-40" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </button>
          <button
            type="button"
            className="underline disabled:opacity-40"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
          >
            Next
          </button>
        </div>
      )}
      {children(small ? items : shown)}
    </div>
  );
}
