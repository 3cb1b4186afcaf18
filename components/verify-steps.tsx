import type { VerifyStep, VerifyStepStatus } from "@/lib/contracts/operations";
import type { Tone } from "@/lib/format/container-status";
import { StatusBadge } from "./status-badge";

const STEP: Record<VerifyStepStatus, { tone: Tone; word: string }> = {
  pending: { tone: "unknown", word: "Pending" },
  running: { tone: "warn", word: "Running" },
  passed: { tone: "ok", word: "Passed" },
  failed: { tone: "bad", word: "Failed" },
  skipped: { tone: "unknown", word: "Skipped" },
};

/** A verify run's steps with the fact that decided each: the live panel and snapshots alike. */
export function VerifySteps({ steps, className = "" }: { steps: VerifyStep[]; className?: string }) {
  return (
    <ol className={`divide-y divide-slate-200 dark:divide-slate-800 ${className}`} aria-live="polite">
      {steps.map((step) => (
        <li
          key={step.id}
          className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm"
          data-testid="verify-step"
          data-step={step.id}
          data-status={step.status}
        >
          <span className="min-w-0 [overflow-wrap:anywhere]">
            <span className="font-medium">{step.title}</span>
            {step.detail && <span className="block text-slate-600 dark:text-slate-400">{step.detail}</span>}
          </span>
          <StatusBadge tone={STEP[step.status].tone}>{STEP[step.status].word}</StatusBadge>
        </li>
      ))}
    </ol>
  );
}
