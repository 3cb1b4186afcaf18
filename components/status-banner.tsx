import type { BoardLike as Board } from "@/lib/contracts/board-views";
import { STACK_STATUS } from "./status-style";

const TONE_CLASSES = {
  ok: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-50",
  warn: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-50",
  bad: "border-red-400 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950/70 dark:text-red-50",
  unknown: "border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900",
} as const;

const ICON_CLASSES = { ok: "bg-emerald-600", warn: "bg-amber-500", bad: "bg-red-600", unknown: "bg-slate-500" } as const;

/** Overall status in colour, icon and words, with the headline and the impact: the five-second answer. */
export function StatusBanner({ board }: { board: Board }) {
  const style = STACK_STATUS[board.status];
  return (
    <section
      aria-label="Overall status"
      data-testid="status-banner"
      data-status={board.status}
      className={`rounded-xl border-2 p-5 sm:p-6 [overflow-wrap:anywhere] ${TONE_CLASSES[style.tone]}`}
    >
      <div className="flex items-start gap-4">
        <span
          aria-hidden="true"
          className={`mt-1 flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-xl font-bold text-white ${ICON_CLASSES[style.tone]}`}
        >
          {style.icon}
        </span>
        <div className="min-w-0 space-y-2">
          <p className="text-sm font-semibold uppercase tracking-wide" data-testid="status-word">
            {style.word}
          </p>
          <h2 className="text-xl font-semibold leading-snug sm:text-2xl" data-testid="headline">
            {board.summary.headline}
          </h2>
          <ul className="list-disc space-y-1 pl-5 text-base" aria-label="Impact">
            {board.summary.impact.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
