"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import type { VerifyStepStatus } from "@/lib/contracts/operations";
import { useStartVerify, useVerifyRun } from "./hooks/use-verify";
import { StatusBadge } from "./status-badge";
import type { Tone } from "@/lib/format/container-status";
import { card } from "./section";

const STEP: Record<VerifyStepStatus, { tone: Tone; word: string }> = {
  pending: { tone: "unknown", word: "Pending" },
  running: { tone: "warn", word: "Running" },
  passed: { tone: "ok", word: "Passed" },
  failed: { tone: "bad", word: "Failed" },
  skipped: { tone: "unknown", word: "Skipped" },
};

interface VerifyControl {
  runId: string | null;
  start: () => void;
  starting: boolean;
  error: string | null;
}

const VerifyContext = createContext<VerifyControl | null>(null);

/** One verify run shared by the panel and the "Verify now" offers after actions. */
export function VerifyProvider({ children }: { children: ReactNode }) {
  const [runId, setRunId] = useState<string | null>(null);
  const mutation = useStartVerify((run) => setRunId(run.id));
  const control = { runId, start: () => mutation.mutate(), starting: mutation.isPending, error: mutation.error?.message ?? null };
  return <VerifyContext.Provider value={control}>{children}</VerifyContext.Provider>;
}

export function useVerifyControl(): VerifyControl {
  const control = useContext(VerifyContext);
  if (!control) throw new Error("useVerifyControl needs a VerifyProvider");
  return control;
}

export function VerifyButton({ label = "Verify now" }: { label?: string }) {
  const { start, starting } = useVerifyControl();
  return (
    <button
      type="button"
      onClick={start}
      disabled={starting}
      data-testid="verify-now"
      className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400 disabled:opacity-60"
    >
      {starting ? "Starting…" : label}
    </button>
  );
}

/** The validation steps of the incident report, re-checked, with the fact that decided each. */
export function VerifyPanel() {
  const { runId, error } = useVerifyControl();
  const run = useVerifyRun(runId);
  return (
    <div className={`${card} space-y-3`} data-testid="verify-panel" data-status={run.data?.status ?? "none"}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {run.data
            ? `Run started ${new Date(run.data.startedAt).toISOString().slice(11, 19)} UTC by ${run.data.actor}: ${run.data.status}`
            : "Re-checks every validation step: containers, Prometheus, targets, metrics endpoints, the datasource, every dashboard."}
        </p>
        <VerifyButton />
      </div>
      {error && <p role="alert" className="text-sm text-red-800 dark:text-red-300">{error}</p>}
      {run.data && (
        <ol className="divide-y divide-slate-200 dark:divide-slate-800" aria-live="polite">
          {run.data.steps.map((step) => (
            <li key={step.id} className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm" data-testid="verify-step" data-step={step.id} data-status={step.status}>
              <span className="min-w-0 [overflow-wrap:anywhere]">
                <span className="font-medium">{step.title}</span>
                {step.detail && <span className="block text-slate-600 dark:text-slate-400">{step.detail}</span>}
              </span>
              <StatusBadge tone={STEP[step.status].tone}>{STEP[step.status].word}</StatusBadge>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
