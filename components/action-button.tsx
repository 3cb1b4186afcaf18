"use client";

import type { Action } from "@/lib/contracts/diagnosis";
import { makeRenderer } from "@/lib/messages/render-board";
import { actionKey, useActionControl } from "./action-feedback";
import { canAct, useSession } from "./hooks/use-session";

export const buttonClass =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:cursor-not-allowed disabled:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";

/** A fix: advice in words, or a button that acts (operators) and shows its progress; results show above the causes. */
export function ActionButton({ action }: { action: Action }) {
  const session = useSession();
  const { run, pendingKey, locale } = useActionControl();
  if (action.kind === "advice") {
    return <p className="rounded-md bg-slate-100 px-3 py-1.5 text-sm dark:bg-slate-800">{action.label}</p>;
  }
  const { text } = makeRenderer(locale, new Date());
  const allowed = canAct(session.data);
  const pending = pendingKey === actionKey(action);
  const reason = session.data?.signedIn
    ? text({ key: "button.needs-operator", params: { name: session.data.name, role: session.data.role } })
    : text({ key: "button.sign-in-to-act", params: {} });
  return (
    <div className="space-y-1">
      <button
        type="button"
        disabled={!allowed || pendingKey !== null}
        title={allowed ? undefined : reason}
        aria-busy={pending}
        onClick={() => run(action)}
        className={buttonClass}
        data-action={action.kind}
        data-container={action.container ?? ""}
        data-service={action.service}
      >
        {pending ? text({ key: `button.progress.${action.kind}`, params: {} }) : action.label}
      </button>
      {!allowed && <p className="text-xs text-slate-500">{reason}</p>}
    </div>
  );
}
