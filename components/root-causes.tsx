import type { ReactNode } from "react";
import type { Action, Cause } from "@/lib/contracts/diagnosis";
import { CauseCard } from "./cause-card";
import { Section } from "./section";

/**
 * The root causes as cards, and (in the engineer view) the failures they explain. Live board and snapshots alike: the
 * live board passes `renderAction` (buttons); without it (snapshots) fixes are words, and no button code is imported.
 */
export function RootCauses({
  causes,
  detailed,
  renderAction,
}: {
  causes: Cause[];
  detailed: boolean;
  renderAction?: (action: Action) => ReactNode;
}) {
  const readOnly = !renderAction;
  const roots = causes.filter((cause) => cause.root);
  const explained = causes.filter((cause) => !cause.root);
  if (roots.length === 0) return null;
  return (
    <Section id="causes" title={roots.length === 1 ? "Root cause" : `${roots.length} root causes`}>
      <div className="grid gap-3 lg:grid-cols-2">
        {roots.map((cause, index) => (
          <CauseCard key={`${cause.kind}-${cause.subject}`} cause={cause} index={index} detailed={detailed} renderAction={renderAction} />
        ))}
      </div>
      {detailed && !readOnly && explained.length > 0 && (
        <ul className="space-y-1 text-sm text-slate-700 dark:text-slate-300" aria-label="Failures explained by the root causes">
          {explained.map((cause) => (
            <li key={`${cause.kind}-${cause.subject}`}>
              <span className="font-mono">{cause.kind}</span> {cause.title}{" "}
              <span className="text-slate-500">(because of {cause.explainedBy?.subject})</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
