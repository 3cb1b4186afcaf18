"use client";

import { useState } from "react";
import type { BoardLike as Board } from "@/lib/contracts/board-views";
import type { StackStatus } from "@/lib/contracts/diagnosis";
import type { Locale } from "@/lib/messages/types";
import { ActionButton } from "./action-button";
import { ActionFeedbackProvider, ActionResults } from "./action-feedback";
import { CascadeWarnings } from "./cascade-warnings";
import { DashboardTiles } from "./dashboard-tiles";
import { EngineerDetails } from "./engineer-details";
import { Freshness } from "./freshness";
import type { BoardView } from "./hooks/board-query";
import { useBoard } from "./hooks/use-board";
import { useNow } from "./hooks/use-now";
import { IncidentSummary } from "./incident-summary";
import { MaintenanceNotice } from "./maintenance-notice";
import { FiringAlertsLine } from "./prometheus-rules";
import { RootCauses } from "./root-causes";
import { Section } from "./section";
import { ServiceActions } from "./service-actions";
import { SessionBar } from "./session-bar";
import { ShareSnapshot } from "./share-snapshot";
import { Timeline } from "./stack-details";
import { StatusBanner } from "./status-banner";
import { STACK_STATUS } from "./status-style";
import { UptimeBars } from "./uptime-bars";
import { useStatusTab } from "./use-status-tab";
import { VerifyPanel, VerifyProvider } from "./verify-panel";
import { ViewSwitch } from "./view-switch";

/** Why the server did not hand over a board: the guard's status and words (401: sign in). */
export interface BoardDenied {
  status: number;
  message: string;
}

/** One polite live region whose text changes only when the overall status does: announced once per change. */
function StatusAnnouncer({ status }: { status: StackStatus }) {
  return (
    <p role="status" className="sr-only" data-testid="status-announcer">
      Overall status: {STACK_STATUS[status].word}
    </p>
  );
}

/** The engineer's details with relative times ("3 minutes ago") on a slower clock of their own. */
function LiveEngineerDetails({ board, locale }: { board: Board; locale: Locale }) {
  const now = useNow(5_000, board.generatedAt);
  return (
    <>
      <ActionFeedbackProvider locale={locale} showResults={false}>
        <EngineerDetails
          board={board}
          now={now}
          locale={locale}
          renderServiceActions={(service) => <ServiceActions service={service} />}
          serviceResults={<ActionResults />}
        />
      </ActionFeedbackProvider>
      <Section id="timeline" title="Timeline">
        <Timeline timeline={board.timeline} now={now} />
      </Section>
    </>
  );
}

function LoadProblem({ status, message }: BoardDenied) {
  if (status === 401) {
    return (
      <div role="alert" className="rounded-lg border border-slate-300 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
        This board needs you to sign in.{" "}
        <a href="/sign-in" className="font-medium text-sky-700 underline dark:text-sky-300">
          Sign in
        </a>
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      ✗ The board cannot load: {message}. It retries by itself.
    </div>
  );
}

/** The live board. The server hands over the first board (React Query's cache) and the view; the stream keeps it live. */
export function BoardPage({
  initialView,
  locale = "en",
  denied = null,
}: {
  initialView: BoardView;
  /** The words' language, resolved on the server: the API calls ask for the same. */
  locale?: Locale;
  denied?: BoardDenied | null;
}) {
  const board = useBoard(locale);
  const [view, setView] = useState(initialView);
  const data = board.data;
  useStatusTab(data?.status ?? null);
  const problem: BoardDenied | null = board.isError
    ? { status: (board.error as { status?: number }).status ?? 0, message: board.error.message }
    : denied;

  return (
    <VerifyProvider>
      <main className="mx-auto max-w-screen-2xl space-y-6 p-4 sm:p-8">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex items-baseline gap-3">
            <h1 className="text-2xl font-bold tracking-tight">Cascade</h1>
            {data && <Freshness generatedAt={data.generatedAt} stream={board.stream} />}
            {!data && !problem && <p className="text-sm text-slate-600 dark:text-slate-400">Loading…</p>}
          </div>
          <div className="flex flex-wrap items-center gap-4">
            <SessionBar />
            <ShareSnapshot />
            <ViewSwitch view={view} onChange={setView} />
          </div>
        </header>

        {board.failure && (
          <p
            role="alert"
            data-testid="board-failure"
            className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-50"
          >
            ! The last update failed: {board.failure.replace(/\.$/, "")}. {data ? "Showing the board from before; " : ""}it retries by
            itself.
          </p>
        )}
        {!data && problem && <LoadProblem {...problem} />}
        {!data && !problem && <div className="h-40 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" />}

        {data && (
          <>
            <StatusAnnouncer status={data.status} />
            <StatusBanner board={data} />
            <FiringAlertsLine
              rules={data.prometheus?.rules}
              locale={locale}
              prometheusDown={Boolean(data.prometheus && (!data.prometheus.reachable || !data.prometheus.ready))}
            />
            <MaintenanceNotice locale={locale} />
            <CascadeWarnings locale={locale} />
            <IncidentSummary locale={locale} />
            <ActionFeedbackProvider locale={locale}>
              <RootCauses
                causes={data.summary.causes}
                detailed={view === "engineer"}
                renderAction={(action) => <ActionButton action={action} />}
              />
            </ActionFeedbackProvider>

            <Section id="dashboards" title="Dashboards">
              <DashboardTiles board={data} locale={locale} />
            </Section>

            <UptimeBars locale={locale} />

            <Section id="verify" title="Verify">
              <VerifyPanel />
            </Section>

            {view === "engineer" && <LiveEngineerDetails board={data} locale={locale} />}
          </>
        )}
      </main>
    </VerifyProvider>
  );
}
