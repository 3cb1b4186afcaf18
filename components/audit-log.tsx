"use client";

import Link from "next/link";
import { useAudit } from "./hooks/use-audit";
import { card } from "./section";

/** The audit log (admins): every action and sign-in, newest first. */
export function AuditLog() {
  const audit = useAudit();
  return (
    <main className="mx-auto max-w-screen-2xl space-y-4 p-4 sm:p-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Audit log</h1>
        <Link href="/" className="text-sm underline">
          Back to the board
        </Link>
      </div>
      {audit.isError && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {audit.error.message}
        </p>
      )}
      {audit.data && (
        <div className={`${card} overflow-x-auto`}>
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                {["Time (UTC)", "Actor", "Role", "Action", "Subject", "Result", "Detail", "Request"].map((heading) => (
                  <th key={heading} className="py-1 pr-3 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {audit.data.entries.map((entry) => (
                <tr
                  key={entry.id}
                  className="border-t border-slate-200 align-top dark:border-slate-800"
                  data-testid="audit-row"
                  data-action={entry.action}
                  data-result={entry.result}
                >
                  <td className="py-1 pr-3 tabular-nums">{entry.time.replace("T", " ").slice(0, 19)}</td>
                  <td className="py-1 pr-3">{entry.actor}</td>
                  <td className="py-1 pr-3">{entry.role}</td>
                  <td className="py-1 pr-3 font-mono">{entry.action}</td>
                  <td className="py-1 pr-3 font-mono">{entry.subject}</td>
                  <td className="py-1 pr-3">{entry.result}</td>
                  <td className="py-1 pr-3 text-xs">{entry.detail ?? ""}</td>
                  <td className="py-1 font-mono text-xs">{entry.requestId.slice(0, 8)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
