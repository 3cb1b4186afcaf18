"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { Board } from "@/lib/contracts/board";
import { formatDuration } from "@/lib/format/relative-time";
import { ActionFeedbackProvider } from "./action-feedback";
import { DashboardTiles } from "./dashboard-tiles";
import { EngineerDetails } from "./engineer-details";
import { type StreamState, useBoard, useNow } from "./hooks/use-board";
import { RootCauses } from "./root-causes";
import { Section } from "./section";
import { SessionBar } from "./session-bar";
import { ShareSnapshot } from "./share-snapshot";
import { Timeline } from "./stack-details";
import { StatusBanner } from "./status-banner";
import { useStatusTab } from "./use-status-tab";
import { VerifyPanel, VerifyProvider } from "./verify-panel";

const STALE_AFTER_MS = 20_000;

function Freshness({ board, stream, now }: { board: Board | undefined; stream: StreamState; now: Date }) {
  if (!board) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading…</p>;
  const ageMs = now.getTime() - Date.parse(board.generatedAt);
  const stale = ageMs > STALE_AFTER_MS;
  return (
    <p
      className={`text-sm tabular-nums ${stale ? "font-semibold text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}`}
      data-testid="freshness"
      aria-live="polite"
    >
      {stale ? "⚠ Stale: " : ""}updated {formatDuration(Math.max(0, ageMs) / 1000)} ago ·{" "}
      {stream === "live" ? "live" : stream === "broken" ? "reconnecting, polling" : "connecting"}
    </p>
  );
}

function ViewSwitch({ engineer }: { engineer: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const choose = (view: "executive" | "engineer") => {
    const next = new URLSearchParams(params.toString());
    if (view === "engineer") next.set("view", "engineer");
    else next.delete("view");
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const button = (view: "executive" | "engineer", label: string, active: boolean) => (
    <button
      type="button"
      aria-pressed={active}
      onClick={() => choose(view)}
      className={`rounded-md px-3 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${active ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "text-slate-700 dark:text-slate-300"}`}
    >
      {label}
    </button>
  );
  return (
    <div role="group" aria-label="View" className="inline-flex rounded-lg border border-slate-300 p-0.5 dark:border-slate-700">
      {button("executive", "Executive", !engineer)}
      {button("engineer", "Engineer", engineer)}
    </div>
  );
}

export function BoardPage() {
  const board = useBoard();
  const now = useNow();
  const engineer = useSearchParams().get("view") === "engineer";
  const data = board.data;
  useStatusTab(data?.status ?? null);

  return (
    <VerifyProvider>
      <main className="mx-auto max-w-screen-2xl space-y-6 p-4 sm:p-8">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex items-baseline gap-3">
            <h1 className="text-2xl font-bold tracking-tight">Cascade</h1>
            <Freshness board={data} stream={board.stream} now={now} />
          </div>
          <div className="flex flex-wrap items-center gap-4">
            <SessionBar />
            <ShareSnapshot />
            <ViewSwitch engineer={engineer} />
          </div>
        </header>

        {board.isError && !data && (board.error as { status?: number }).status === 401 && (
          <div role="alert" className="rounded-lg border border-slate-300 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
            This board needs you to sign in.{" "}
            <a href="/sign-in" className="font-medium text-sky-700 underline dark:text-sky-300">
              Sign in
            </a>
          </div>
        )}
        {board.isError && !data && (board.error as { status?: number }).status !== 401 && (
          <div
            role="alert"
            className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          >
            The board cannot load: {board.error.message}. It retries by itself.
          </div>
        )}
        {!data && !board.isError && (
          <div className="h-40 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" aria-label="Loading the board" />
        )}

        {data && (
          <>
            <StatusBanner board={data} />
            <ActionFeedbackProvider>
              <RootCauses causes={data.summary.causes} detailed={engineer} />
            </ActionFeedbackProvider>

            <Section id="dashboards" title="Dashboards">
              <DashboardTiles board={data} />
            </Section>

            <Section id="verify" title="Verify">
              <VerifyPanel />
            </Section>

            {engineer && (
              <>
                <EngineerDetails board={data} now={now} />
                <Section id="timeline" title="Timeline">
                  <Timeline timeline={data.timeline} now={now} />
                </Section>
              </>
            )}
          </>
        )}
      </main>
    </VerifyProvider>
  );
}
