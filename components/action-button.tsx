"use client";

import type { Action } from "@/lib/contracts/diagnosis";
import { useContainerAction } from "./hooks/use-container-action";
import { canAct, useSession } from "./hooks/use-session";
import { VerifyButton } from "./verify-panel";

const PROGRESS = { start: "Starting…", restart: "Restarting…", "set-restart-policy": "Updating…", advice: "" } as const;

/** A fix: advice in words, or a button that acts (operators), shows progress and the result, then offers a verify run. */
export function ActionButton({ action }: { action: Action }) {
  const session = useSession();
  const mutation = useContainerAction();
  if (action.kind === "advice") {
    return <p className="rounded-md bg-slate-100 px-3 py-1.5 text-sm dark:bg-slate-800">{action.label}</p>;
  }
  const allowed = canAct(session.data);
  const reason = session.data?.signedIn ? `${session.data.name} is signed in as ${session.data.role}; actions need an operator` : "Sign in as an operator to act";
  return (
    <div className="space-y-1">
      <button
        type="button"
        disabled={!allowed || mutation.isPending}
        title={allowed ? undefined : reason}
        aria-busy={mutation.isPending}
        onClick={() => mutation.mutate(action)}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:cursor-not-allowed disabled:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        data-action={action.kind}
        data-container={action.container ?? ""}
      >
        {mutation.isPending ? PROGRESS[action.kind] : action.label}
      </button>
      {!allowed && <p className="text-xs text-slate-500">{reason}</p>}
      {mutation.isSuccess && (
        <p className="flex flex-wrap items-center gap-2 text-sm text-emerald-800 dark:text-emerald-300" role="status" data-testid="action-result">
          ✓ {mutation.data.message} <VerifyButton label="Verify the fix" />
        </p>
      )}
      {mutation.isError && (
        <p className="text-sm text-red-800 dark:text-red-300" role="alert">
          ✗ {mutation.error.message}
        </p>
      )}
    </div>
  );
}
