import type { Action } from "@/lib/contracts/diagnosis";

/** Buttons come alive with sign-in and roles; until then they are shown, disabled, with the reason. */
export function ActionButton({ action }: { action: Action }) {
  if (action.kind === "advice") {
    return <p className="rounded-md bg-slate-100 px-3 py-1.5 text-sm dark:bg-slate-800">{action.label}</p>;
  }
  const reason = "Actions need sign-in, which this board does not have yet";
  return (
    <button
      type="button"
      disabled
      title={reason}
      aria-describedby="actions-disabled-reason"
      className="cursor-not-allowed rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-500 dark:border-slate-700 dark:bg-slate-900"
      data-action={action.kind}
    >
      {action.label}
    </button>
  );
}
