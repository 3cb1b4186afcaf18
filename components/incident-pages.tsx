"use client";

import { useState } from "react";
import { durationWords } from "@/lib/incidents/duration-words";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { useIncident, useIncidents } from "./hooks/use-incidents";
import { IncidentDeliveries } from "./incident-deliveries";
import { AcknowledgeForm } from "./incident-summary";
import { card } from "./section";

const t = (locale: Locale, key: string) => makeRenderer(locale, new Date()).text({ key, params: {} });

/** /incidents: when, how long, root causes, time to detect and to resolve, acknowledged by; older pages by cursor. */
export function IncidentHistory({ locale }: { locale: Locale }) {
  const [before, setBefore] = useState<string | null>(null);
  const page = useIncidents(locale, { limit: 50, before });
  const incidents = page.data?.incidents ?? [];
  return (
    <main className="mx-auto max-w-screen-xl space-y-4 p-4 sm:p-8">
      <h1 className="text-2xl font-bold">{t(locale, "incident.page.title")}</h1>
      {page.error && <p role="alert">{page.error.message}</p>}
      {page.data && incidents.length === 0 && <p>{t(locale, "incident.page.empty")}</p>}
      {incidents.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="incident-table">
          <thead>
            <tr>
              <th>{t(locale, "incident.page.started")}</th>
              <th>{t(locale, "incident.page.duration")}</th>
              <th>{t(locale, "incident.page.root-causes")}</th>
              <th>{t(locale, "incident.page.ttd")}</th>
              <th>{t(locale, "incident.page.ttr")}</th>
              <th>{t(locale, "incident.page.ack-by")}</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((incident) => (
              <tr key={incident.id} className="border-t border-slate-200 align-top dark:border-slate-800">
                <td>
                  <a href={`/incidents/${incident.id}`} className="underline">
                    {incident.impactStartedAt.replace("T", " ").slice(0, 19)} UTC
                  </a>
                  <div>{incident.title}</div>
                </td>
                <td>
                  {durationWords(
                    (incident.resolvedAt ? Date.parse(incident.resolvedAt) : Date.now()) - Date.parse(incident.impactStartedAt),
                    locale,
                  )}
                </td>
                <td>{incident.rootCauses.map((cause) => cause.subject).join(", ")}</td>
                <td>{durationWords(incident.timeToDetectMs, locale)}</td>
                <td>{durationWords(incident.timeToResolveMs, locale)}</td>
                <td>{incident.acknowledgedBy ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.data?.next && (
        <button type="button" className="underline" onClick={() => setBefore(page.data.next)}>
          {t(locale, "incident.page.older")}
        </button>
      )}
    </main>
  );
}

/** /incidents/{id}: the incident, its root causes and timeline, the acknowledgement and the postmortem draft. */
export function IncidentDetailView({ id, locale }: { id: string; locale: Locale }) {
  const query = useIncident(id, locale);
  const incident = query.data;
  return (
    <main className="mx-auto max-w-screen-xl space-y-4 p-4 sm:p-8">
      <p>
        <a href="/incidents" className="underline">
          {t(locale, "incident.page.all")}
        </a>
      </p>
      {query.error && <p role="alert">{query.error.message}</p>}
      {incident && (
        <>
          <h1 className="text-2xl font-bold" data-testid="incident-title">
            {incident.title}
          </h1>
          <div className={`${card} space-y-1 text-sm`}>
            <p>
              {t(locale, `incident.status.${incident.status}`)} · {t(locale, `incident.stack.${incident.worstStatus}`)} ·{" "}
              {t(locale, "incident.page.ttd")}: {durationWords(incident.timeToDetectMs, locale)} · {t(locale, "incident.page.ttr")}:{" "}
              {durationWords(incident.timeToResolveMs, locale)}
            </p>
            <AcknowledgeForm incident={incident} locale={locale} />
            <a href={`/api/incidents/${incident.id}/report.md?lang=${locale}`} className="underline">
              {t(locale, "incident.page.report")}
            </a>
          </div>
          <h2 className="text-lg font-semibold">{t(locale, "incident.page.root-causes")}</h2>
          <ul className="list-disc pl-6 text-sm">
            {incident.rootCauses.map((cause) => (
              <li key={`${cause.kind} ${cause.subject}`}>
                {cause.title} <code>{cause.subject}</code>
              </li>
            ))}
          </ul>
          <h2 className="text-lg font-semibold">{t(locale, "incident.page.timeline")}</h2>
          <ol className="space-y-1 text-sm" data-testid="incident-timeline">
            {incident.timeline.map((entry) => (
              <li key={`${entry.time} ${entry.kind} ${entry.text}`} data-kind={entry.kind}>
                <time dateTime={entry.time} className="font-mono">
                  {entry.time.replace("T", " ").slice(0, 19)}
                </time>{" "}
                {entry.text}
              </li>
            ))}
          </ol>
          <IncidentDeliveries id={incident.id} locale={locale} />
        </>
      )}
    </main>
  );
}
