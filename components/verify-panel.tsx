"use client";

import { createContext, type ReactNode, useContext, useState } from "react";
import { useStartVerify, useVerifyRun } from "./hooks/use-verify";
import { card } from "./section";
import { VerifySteps } from "./verify-steps";

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
      {error && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {error}
        </p>
      )}
      {run.data && <VerifySteps steps={run.data.steps} />}
    </div>
  );
}
