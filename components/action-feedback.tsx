"use client";

import { createContext, type ReactNode, useContext, useState } from "react";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { type BoardAction, useBoardAction } from "./hooks/use-board-action";
import { VerifyButton } from "./verify-panel";

// Action results live above the buttons that made them: a successful start makes its cause (and its button)
// disappear from the board, and the result with its "verify" offer must outlive it.

interface Outcome {
  key: string;
  ok: boolean;
  message: string;
}

interface ActionControl {
  run: (action: BoardAction) => void;
  pendingKey: string | null;
  outcomes: Outcome[];
  dismiss: (key: string) => void;
  locale: Locale;
}

const ActionContext = createContext<ActionControl | null>(null);
export const actionKey = (action: BoardAction) =>
  action.kind === "scale-service"
    ? `${action.kind}:${action.service}:${action.replicas}`
    : `${action.kind}:${action.container ?? action.service ?? ""}:${action.policy ?? ""}`;

/** One set of buttons and their results; `showResults={false}` when `<ActionResults />` stands elsewhere inside. */
export function ActionFeedbackProvider({
  children,
  locale = "en",
  showResults = true,
}: {
  children: ReactNode;
  locale?: Locale;
  showResults?: boolean;
}) {
  const mutation = useBoardAction();
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  const run = (action: BoardAction) => {
    const key = actionKey(action);
    setPendingKey(key);
    mutation.mutate(action, {
      onSuccess: (result) =>
        setOutcomes((list) => [{ key: `${key}:${result.requestId}`, ok: true, message: result.message }, ...list].slice(0, 3)),
      onError: (error) => setOutcomes((list) => [{ key: `${key}:${Date.now()}`, ok: false, message: error.message }, ...list].slice(0, 3)),
      onSettled: () => setPendingKey(null),
    });
  };
  const dismiss = (key: string) => setOutcomes((list) => list.filter((item) => item.key !== key));
  return (
    <ActionContext.Provider value={{ run, pendingKey, outcomes, dismiss, locale }}>
      {showResults && <ActionResults />}
      {children}
    </ActionContext.Provider>
  );
}

/** The last three results, newest first, each with a "verify" offer after a success. */
export function ActionResults() {
  const { outcomes, dismiss, locale } = useActionControl();
  if (outcomes.length === 0) return null;
  const { text } = makeRenderer(locale, new Date());
  return (
    <ul className="space-y-2" aria-live="polite" aria-label={text({ key: "button.result-list", params: {} })}>
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
          {outcome.ok && <VerifyButton label={text({ key: "button.verify", params: {} })} />}
          <button type="button" className="ml-auto underline" onClick={() => dismiss(outcome.key)}>
            {text({ key: "button.dismiss", params: {} })}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function useActionControl(): ActionControl {
  const control = useContext(ActionContext);
  if (!control) throw new Error("useActionControl needs an ActionFeedbackProvider");
  return control;
}
