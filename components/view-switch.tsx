"use client";

import type { BoardView } from "./hooks/board-query";

const LABELS: Record<BoardView, string> = { executive: "Executive", engineer: "Engineer" };

/**
 * Executive or engineer view. The choice goes into the URL (?view=engineer) with history.replaceState, which Next.js
 * keeps in step with its router: a shared link opens the same view, and switching costs no server round trip.
 */
export function ViewSwitch({ view, onChange }: { view: BoardView; onChange: (view: BoardView) => void }) {
  const choose = (next: BoardView) => {
    const url = new URL(window.location.href);
    if (next === "engineer") url.searchParams.set("view", "engineer");
    else url.searchParams.delete("view");
    window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
    onChange(next);
  };
  return (
    <fieldset className="inline-flex rounded-lg border border-slate-300 p-0.5 dark:border-slate-700">
      <legend className="sr-only">View</legend>
      {(Object.keys(LABELS) as BoardView[]).map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={view === option}
          onClick={() => choose(option)}
          className={`rounded-md px-3 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${view === option ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "text-slate-700 dark:text-slate-300"}`}
        >
          {LABELS[option]}
        </button>
      ))}
    </fieldset>
  );
}
