import type { Snapshot } from "@/lib/contracts/snapshot";
import { DashboardTiles } from "./dashboard-tiles";
import { EngineerDetails } from "./engineer-details";
import { RootCauses } from "./root-causes";
import { card, Section } from "./section";
import { Timeline } from "./stack-details";
import { StatusBanner } from "./status-banner";
import { VerifySteps } from "./verify-steps";

/**
 * A snapshot, rendered on the server with the live board's components: frozen at its time, no live data, no buttons.
 * Only the dashboard tiles (they open their panels) reach the browser as client code.
 */
export function SnapshotView({ snapshot }: { snapshot: Snapshot }) {
  const { board } = snapshot;
  const takenAt = new Date(snapshot.createdAt);
  return (
    <main className="mx-auto max-w-screen-2xl space-y-6 p-4 sm:p-8">
      <header className="space-y-2">
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">Cascade snapshot · read-only</p>
        <h1 className="text-2xl font-bold tracking-tight [overflow-wrap:anywhere]" data-testid="snapshot-title">
          {snapshot.title}
        </h1>
        <div
          role="note"
          data-testid="snapshot-marker"
          className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/50 dark:text-sky-50"
        >
          Snapshot taken {snapshot.createdAt.replace("T", " ").slice(0, 16)} UTC by {snapshot.createdBy}. It shows the stack as it was then,
          not live data, and expires {snapshot.expiresAt.slice(0, 10)}.{" "}
          {snapshot.redactions > 0
            ? `${snapshot.redactions} secret value${snapshot.redactions === 1 ? " was" : "s were"} redacted before it was stored.`
            : "Secrets (tokens, passwords, environment values) are redacted before storing; none were found."}{" "}
          {snapshot.engineerDetails ? "Engineer details are included." : "Only the executive view was kept."}{" "}
          {snapshot.withheld && <strong data-testid="snapshot-withheld">{snapshot.withheld} </strong>}
          <a href={`/api/snapshots/${snapshot.id}/report.md`} className="font-medium underline" data-testid="report-link">
            Download the incident report (Markdown)
          </a>
        </div>
        {snapshot.note && (
          <p className="whitespace-pre-wrap rounded-lg bg-white p-3 text-sm shadow-sm dark:bg-slate-900 [overflow-wrap:anywhere]">
            {snapshot.note}
          </p>
        )}
      </header>

      <StatusBanner board={board} />

      <RootCauses causes={board.summary.causes} detailed={snapshot.engineerDetails} />

      <Section id="dashboards" title="Dashboards">
        <DashboardTiles board={board} />
      </Section>

      <Section id="actions-taken" title="Actions taken">
        {snapshot.actions.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">None recorded in the day before the snapshot.</p>
        ) : (
          <ul className={`${card} space-y-1 text-sm`}>
            {snapshot.actions.map((entry) => (
              <li key={entry.id}>
                {entry.time.replace("T", " ").slice(0, 19)} UTC · {entry.actor} · <span className="font-mono">{entry.action}</span>{" "}
                {entry.subject}: {entry.result}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="verify" title="Latest verify run">
        {snapshot.verifyRun ? (
          <VerifySteps steps={snapshot.verifyRun.steps} className={card} />
        ) : (
          <p className="text-slate-600 dark:text-slate-400">No verify run before this snapshot.</p>
        )}
      </Section>

      {snapshot.engineerDetails && <EngineerDetails board={board} now={takenAt} />}
      <Section id="timeline" title="Timeline">
        <Timeline timeline={board.timeline} now={takenAt} />
      </Section>
    </main>
  );
}
