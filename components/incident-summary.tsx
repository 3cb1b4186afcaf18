"use client";

import { useState } from "react";
import type { IncidentView } from "@/lib/contracts/incidents";
import { durationWords } from "@/lib/incidents/duration-words";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { useAcknowledge, useIncidents } from "./hooks/use-incidents";
import { useNow } from "./hooks/use-now";
import { canAct, useSession } from "./hooks/use-session";
import { card } from "./section";

/** An operator acknowledges with an optional note; everyone else sees whether someone did. */
function AcknowledgeForm({ incident, locale }: { incident: IncidentView; locale: Locale }) {
  const { text } = makeRenderer(locale, new Date());
  const session = useSession();
  const acknowledge = useAcknowledge(incident.id);
  const [note, setNote] = useState("");
  if (incident.acknowledgedAt) return <span>{text({ key: "incident.page.acknowledged", params: { by: incident.acknowledgedBy } })}</span>;
  if (!canAct(session.data)) return <span>{text({ key: "incident.page.not-acknowledged", params: {} })}</span>;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        acknowledge.mutate(note);
      }}
    >
      <span>{text({ key: "incident.page.not-acknowledged", params: {} })}</span>
      <input
        aria-label={text({ key: "incident.page.note", params: {} })}
        placeholder={text({ key: "incident.page.note", params: {} })}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      <button type="submit" disabled={acknowledge.isPending} className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white">
        {text({ key: "incident.page.acknowledge", params: {} })}
      </button>
      {acknowledge.error && <span role="alert">{acknowledge.error.message}</span>}
    </form>
  );
}

/** On the board: the open incident (age, acknowledged or not) and the last resolved one, linking to /incidents. */
export function IncidentSummary({ locale }: { locale: Locale }) {
  const now = useNow(5_000, new Date().toISOString());
  const { text, words } = makeRenderer(locale, now);
  const open = useIncidents(locale, { status: "open", limit: 1 }).data?.incidents[0];
  const resolved = useIncidents(locale, { status: "resolved", limit: 1 }).data?.incidents[0];
  if (!open && !resolved) return null;
  return (
    <div className={`${card} space-y-2 text-sm`} data-testid="incident-summary">
      {open && (
        <div className="space-y-1" data-testid="open-incident">
          <p className="font-semibold">
            <a href={`/incidents/${open.id}`} className="underline">
              {text({
                key: "incident.page.open",
                params: { age: durationWords(now.getTime() - Date.parse(open.impactStartedAt), locale) },
              })}
            </a>
            : {open.title}
          </p>
          <AcknowledgeForm incident={open} locale={locale} />
        </div>
      )}
      {resolved && (
        <p data-testid="last-resolved-incident">
          <a href={`/incidents/${resolved.id}`} className="underline">
            {text({ key: "incident.page.last-resolved", params: { title: resolved.title, when: words.ago(resolved.resolvedAt) } })}
          </a>{" "}
          · <a href="/incidents">{text({ key: "incident.page.all", params: {} })}</a>
        </p>
      )}
    </div>
  );
}

export { AcknowledgeForm };
