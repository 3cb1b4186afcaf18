import type { ReactNode } from "react";
import type { Action, Cause } from "@/lib/contracts/diagnosis";
import { card } from "./section";
import { StatusBadge } from "./status-badge";
import { withKeys } from "./unique-keys";

/** Causes that degrade some panels rather than take the stack down. */
const MILD_KINDS = new Set(["metric-family-missing", "panel-query-error", "prometheus-config-error"]);

const LIKELIHOOD = { likely: "Likely", possible: "Possible", unlikely: "Unlikely" } as const;

/**
 * One root cause: what broke and since when, why (ranked, with evidence), and what fixes it. The live board renders
 * each fix with `renderAction` (a button); without it (snapshots) the fixes are listed in words.
 */
export function CauseCard({
  cause,
  index,
  detailed,
  renderAction,
}: {
  cause: Cause;
  index: number;
  detailed: boolean;
  renderAction?: (action: Action) => ReactNode;
}) {
  const mild = MILD_KINDS.has(cause.kind);
  return (
    <article
      className={`${card} min-w-0 space-y-3 border-l-4 [overflow-wrap:anywhere] ${mild ? "border-l-amber-500 dark:border-l-amber-500" : "border-l-red-500 dark:border-l-red-500"}`}
      data-testid="root-cause"
      data-kind={cause.kind}
      data-subject={cause.subject}
    >
      <header className="space-y-1">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Root cause {index + 1} · <span className="font-mono normal-case">{cause.kind}</span>
          </p>
          {/* The border's colour says how bad; the badge says it in words too. */}
          <StatusBadge tone={mild ? "warn" : "bad"}>{mild ? "Degraded" : "Down"}</StatusBadge>
        </div>
        <h3 className="text-base font-semibold">{cause.title}</h3>
        {cause.sinceText && <p className="text-sm text-slate-600 dark:text-slate-300">Since {cause.sinceText}</p>}
      </header>

      {detailed && cause.members && (
        <details open data-testid="group-members">
          <summary className="cursor-pointer text-sm font-semibold">
            {cause.members.count} {cause.members.count === 1 ? "member" : "members"}
          </summary>
          <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1 font-mono text-xs">
            {cause.members.subjects.map((subject) => (
              <li key={subject}>{subject}</li>
            ))}
          </ul>
          {cause.members.count > cause.members.subjects.length && (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              and {cause.members.count - cause.members.subjects.length} more (filter the lists below)
            </p>
          )}
        </details>
      )}

      {cause.hypotheses.length > 0 && (
        <div>
          <h4 className="text-sm font-semibold">Why</h4>
          <ol className="mt-1 space-y-1 text-sm">
            {(detailed ? cause.hypotheses : cause.hypotheses.slice(0, 1)).map((hypothesis) => (
              <li key={hypothesis.text}>
                <span className="font-medium">{LIKELIHOOD[hypothesis.likelihood]}:</span> {hypothesis.text}
                {detailed && hypothesis.evidence.length > 0 && (
                  <span className="block text-slate-600 dark:text-slate-400">because {hypothesis.evidence.join("; ")}</span>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}

      {detailed && cause.evidence.length > 0 && (
        <div>
          <h4 className="text-sm font-semibold">Evidence</h4>
          <dl className="mt-1 grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            {withKeys(cause.evidence, (evidence) => evidence.label).map(({ key, item: evidence }) => (
              <div key={key} className="contents">
                <dt className="text-slate-600 dark:text-slate-400">{evidence.label}</dt>
                <dd className="font-mono text-xs leading-5 [overflow-wrap:anywhere]">{evidence.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}

      {cause.actions.length > 0 && (
        <div>
          <h4 className="text-sm font-semibold">Fix</h4>
          <ul className="mt-2 flex flex-wrap gap-2">
            {cause.actions.map((action) => (
              <li key={action.label}>
                {renderAction ? (
                  renderAction(action)
                ) : (
                  <p className="rounded-md bg-slate-100 px-3 py-1.5 text-sm dark:bg-slate-800">{action.label}</p>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}
