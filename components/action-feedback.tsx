"use client";

import { createContext, type ReactNode, useContext, useState } from "react";
import type { Action } from "@/lib/contracts/diagnosis";
import { useContainerAction } from "./hooks/use-container-action";
import { VerifyButton } from "./verify-panel";

// Action results live above the cause cards: a successful start makes its cause (and its button) disappear from
// the board, and the result with its "verify" offer must outlive it.

interface Outcome {
  key: string;
  ok: boolean;
  message: string;
}

interface ActionControl {
  run: (action: Action) => void;
  pendingKey: string | null;
}

const ActionContext = createContext<ActionControl | null>(null);
export const actionKey = (action: Action) => `${action.kind}:${action.container ?? ""}:${action.policy ?? ""}`;

export function ActionFeedbackProvider({ children }: { children: ReactNode }) {
  const mutation = useContainerAction();
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  const run = (action: Action) => {
    const key = actionKey(action);
    setPendingKey(key);
    mutation.mutate(action, {
      onSuccess: (result) =>
        setOutcomes((list) => [{ key: `${key}:${result.requestId}`, ok: true, message: result.message }, ...list].slice(0, 3)),
      onError: (error) => setOutcomes((list) => [{ key: `${key}:${Date.now()}`, ok: false, message: error.message }, ...list].slice(0, 3)),
      onSettled: () => setPendingKey(null),
    });
  };
  return (
    <ActionContext.Provider value={{ run, pendingKey }}>
      {outcomes.length > 0 && (
        <ul className="space-y-2" aria-live="polite" aria-label="Action results">
          {outcomes.map((outcome) => (
            <li
              key={outcome.key}
              role={outcome.ok ? "status" : "alert"}
              data-testid="action-result"
              data-ok={outcome.ok}
              className={`flex flex-wrap items-center gap-3 rounded-lg border p-3 text-sm ${outcome.ok ? "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-50" : "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-50"}`}
            >
              <span>
                {outcome.ok ? "✓" : "✗"} {outcome.message}
              </span>
              {outcome.ok && <VerifyButton label="Verify the fix" />}
              <button
                type="button"
                className="ml-auto underline"
                onClick={() => setOutcomes((list) => list.filter((item) => item.key !== outcome.key))}
              >
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
      {children}
    </ActionContext.Provider>
  );
}

export function useActionControl(): ActionControl {
  const control = useContext(ActionContext);
  if (!control) throw new Error("useActionControl needs an ActionFeedbackProvider");
  return control;
}
