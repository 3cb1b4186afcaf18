"use client";

import type { Action } from "@/lib/contracts/diagnosis";
import { actionKey, useActionControl } from "./action-feedback";
import { canAct, useSession } from "./hooks/use-session";

const PROGRESS = { start: "Starting…", restart: "Restarting…", "set-restart-policy": "Updating…", advice: "" } as const;

/** A fix: advice in words, or a button that acts (operators) and shows its progress; results show above the causes. */
export function ActionButton({ action }: { action: Action }) {
  const session = useSession();
  const { run, pendingKey } = useActionControl();
  if (action.kind === "advice") {
    return <p className="rounded-md bg-slate-100 px-3 py-1.5 text-sm dark:bg-slate-800">{action.label}</p>;
  }
  const allowed = canAct(session.data);
  const pending = pendingKey === actionKey(action);
  const reason = session.data?.signedIn
    ? `${session.data.name} is signed in as ${session.data.role}; actions need an operator`
    : "Sign in as an operator to act";
  return (
    <div className="space-y-1">
      <button
        type="button"
        disabled={!allowed || pendingKey !== null}
        title={allowed ? undefined : reason}
        aria-busy={pending}
        onClick={() => run(action)}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:cursor-not-allowed disabled:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        data-action={action.kind}
        data-container={action.container ?? ""}
      >
        {pending ? PROGRESS[action.kind] : action.label}
      </button>
      {!allowed && <p className="text-xs text-slate-500">{reason}</p>}
    </div>
  );
}
