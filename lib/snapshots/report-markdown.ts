import type { Board, DashboardView, TimelineEvent } from "@/lib/contracts/board";
import type { Cause, CauseRef } from "@/lib/contracts/diagnosis";
import type { AuditEntry, VerifyRun, VerifyStep } from "@/lib/contracts/operations";
import { formatUtcStamp } from "@/lib/format/relative-time";
import { toExecutiveView } from "./executive-view";

// The Markdown incident report of a snapshot, laid out like the human report Cascade started from
// (/work/shared/incident-report.md): summary first, then root causes with evidence, hypotheses and fixes, what was
// done, the proof, the timeline. Every string from a person or the board is escaped: no HTML passes through raw and
// no text can open a heading, list, quote or table cell of its own. Deterministic: same input, same bytes.

export interface SnapshotReportInput {
  title: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  /** Already redacted by the caller. */
  board: Board;
  verifyRun: VerifyRun | null;
  /** container.* audit rows (newest first) taken around the incident. */
  actions: AuditEntry[];
  redactions: number;
  /** false: the report is rendered from the executive view (no log lines, PromQL or addresses). */
  engineerDetails: boolean;
}

const TIMELINE_LIMIT = 30;
const LIKELIHOOD_RANK = { likely: 0, possible: 1, unlikely: 2 } as const;
const STEP_MARK: Record<VerifyStep["status"], string> = { passed: "✓", failed: "✗", skipped: "–", pending: "–", running: "–" };
const PANEL_COLUMNS = ["ok", "no-data", "missing-metric", "error", "unreachable"] as const;

/** One line of text, safe anywhere a line, list item or table cell starts. */
function escapeLine(line: string): string {
  const escaped = line
    .trimStart()
    // A backslash before punctuation would otherwise be read as a Markdown escape and vanish.
    .replace(/\\(?=[!-/:-@[-`{-~])/g, "\\\\")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\]\(/g, "]\\(");
  return escaped.replace(/^([#+*=_~`-])/, "\\$1").replace(/^(\d{1,9})([.)])/, "$1\\$2");
}

/** Board and user text as one escaped line. */
function text(value: string): string {
  return escapeLine(value.replace(/\s*[\r\n]+\s*/g, " ").trim());
}

/** "2026-11-30 05:35:40 UTC"; anything that is not a date is shown as written. */
function utc(iso: string | null, withSeconds = true): string {
  if (iso === null) return "unknown";
  return formatUtcStamp(iso, withSeconds) ?? text(iso);
}

function findCause(board: Board, ref: CauseRef): Cause | undefined {
  return board.summary.causes.find((cause) => cause.kind === ref.kind && cause.subject === ref.subject);
}

function renderMetadata(input: SnapshotReportInput, board: Board): string[] {
  return [
    `- **Date:** ${utc(input.createdAt, false)}`,
    `- **Status:** ${board.status.toUpperCase()}`,
    `- **Observed:** ${utc(board.generatedAt)}`,
    `- **Taken by:** ${text(input.createdBy)}`,
    `- **Expires:** ${utc(input.expiresAt, false)}`,
    `- **View:** ${input.engineerDetails ? "engineer (with evidence, log lines and queries)" : "executive (log lines, queries and addresses left out)"}`,
  ];
}

function renderSummary(board: Board): string[] {
  const impact = board.summary.impact.map((line) => `- ${text(line)}`);
  return ["## Executive Summary", "", text(board.summary.headline), ...(impact.length ? ["", ...impact] : [])];
}

function renderRootCause(cause: Cause, index: number): string[] {
  const lines = [`### ${index + 1}. ${text(cause.title)}`, ""];
  lines.push(`- **Kind:** ${text(cause.kind)}`, `- **Subject:** ${text(cause.subject)}`);
  if (cause.sinceText ?? cause.since) lines.push(`- **Since:** ${text(cause.sinceText ?? cause.since ?? "")}`);
  if (cause.detail.trim() !== "" && cause.detail !== cause.title) lines.push("", text(cause.detail));
  if (cause.evidence.length) {
    lines.push("", "**Evidence**", "", ...cause.evidence.map((item) => `- **${text(item.label)}:** ${text(item.value)}`));
  }
  if (cause.hypotheses.length) {
    const ranked = cause.hypotheses
      .map((hypothesis, order) => ({ hypothesis, order }))
      .sort((a, b) => LIKELIHOOD_RANK[a.hypothesis.likelihood] - LIKELIHOOD_RANK[b.hypothesis.likelihood] || a.order - b.order);
    lines.push("", "**Hypotheses**", "");
    ranked.forEach(({ hypothesis }, rank) => {
      lines.push(`${rank + 1}. ${text(hypothesis.text)} (${hypothesis.likelihood})`);
      lines.push(...hypothesis.evidence.map((fact) => `   - ${text(fact)}`));
    });
  }
  lines.push("", "**Fix**", "");
  lines.push(...(cause.actions.length ? cause.actions.map((action) => `- ${text(action.label)}`) : ["- No fix is known yet."]));
  return lines;
}

function renderRootCauses(board: Board): string[] {
  const roots = board.summary.causes.filter((cause) => cause.root);
  if (roots.length === 0) return ["## Root Causes", "", "No root cause found: nothing is failing."];
  return ["## Root Causes", ...roots.flatMap((cause, index) => ["", ...renderRootCause(cause, index)])];
}

function renderAlsoAffected(board: Board): string[] {
  const explained = board.summary.causes.filter((cause) => !cause.root);
  if (explained.length === 0) return ["## Also affected", "", "Nothing else."];
  return [
    "## Also affected",
    "",
    ...explained.map((cause) => {
      const root = cause.explainedBy ? findCause(board, cause.explainedBy) : undefined;
      const by = root
        ? text(root.title)
        : cause.explainedBy
          ? `${text(cause.explainedBy.subject)} (${text(cause.explainedBy.kind)})`
          : "unknown";
      return `- ${text(cause.title)} Explained by: ${by}`;
    }),
  ];
}

function dashboardRow(dashboard: DashboardView): string {
  const counts = PANEL_COLUMNS.map((status) => String(dashboard.panelCounts[status] ?? 0)).join(" / ");
  const causes = dashboard.causes.map((ref) => `${text(ref.subject)} (${text(ref.kind)})`).join(", ");
  const explained = causes === "" ? (dashboard.status === "ok" ? "" : "not explained") : causes;
  return `| ${text(dashboard.title)} | ${dashboard.status.toUpperCase()} | ${counts} | ${explained} |`;
}

function renderDashboards(board: Board): string[] {
  if (board.dashboards.length === 0) return ["## Dashboards", "", "No dashboards are watched."];
  return [
    "## Dashboards",
    "",
    "| Dashboard | Status | Panels ok / no data / missing / error / unreachable | Explained by |",
    "|---|---|---|---|",
    ...board.dashboards.map(dashboardRow),
  ];
}

function renderActions(actions: AuditEntry[]): string[] {
  if (actions.length === 0) return ["## Actions Taken", "", "None recorded."];
  return [
    "## Actions Taken",
    "",
    "| Time (UTC) | Who | Action | Container | Result |",
    "|---|---|---|---|---|",
    ...actions.map((entry) => {
      const result = entry.detail ? `${entry.result}: ${text(entry.detail)}` : entry.result;
      return `| ${utc(entry.time)} | ${text(entry.actor)} (${text(entry.role)}) | ${text(entry.action)} | ${text(entry.subject)} | ${result} |`;
    }),
  ];
}

function renderValidation(run: VerifyRun | null): string[] {
  if (run === null) return ["## Validation", "", "No verify run yet."];
  const finished = run.finishedAt ? `, finished ${utc(run.finishedAt)}` : "";
  return [
    "## Validation",
    "",
    `Verify run ${text(run.id)} by ${text(run.actor)}: **${run.status.toUpperCase()}** (started ${utc(run.startedAt)}${finished}).`,
    "",
    ...run.steps.map((step) => {
      const state = step.status === "passed" || step.status === "failed" ? "" : ` (${step.status})`;
      return `- ${STEP_MARK[step.status]} ${text(step.title)}${state}${step.detail ? `: ${text(step.detail)}` : ""}`;
    }),
  ];
}

function renderTimeline(events: TimelineEvent[]): string[] {
  if (events.length === 0) return ["## Timeline", "", "No events recorded."];
  const at = (event: TimelineEvent) => {
    const time = Date.parse(event.time);
    return Number.isNaN(time) ? -Infinity : time;
  };
  const newestFirst = events.map((event, order) => ({ event, order })).sort((a, b) => at(b.event) - at(a.event) || a.order - b.order);
  const shown = newestFirst
    .slice(0, TIMELINE_LIMIT)
    .map(({ event }) => `- ${utc(event.time)}: ${text(event.subject)}: ${text(event.text.trim() === "" ? event.kind : event.text)}`);
  const more = events.length - TIMELINE_LIMIT;
  return ["## Timeline", "", ...shown, ...(more > 0 ? ["", `${more} earlier ${more === 1 ? "event is" : "events are"} not shown.`] : [])];
}

function renderNote(note: string | null): string[] {
  if (note === null || note.trim() === "") return [];
  const lines = note
    .trim()
    .split(/\r?\n/)
    .map((line) => (line.trim() === "" ? "" : escapeLine(line)));
  return ["## Note", "", ...lines.filter((line, index) => line !== "" || lines[index - 1] !== "")];
}

export function renderSnapshotReport(input: SnapshotReportInput): string {
  const board = input.engineerDetails ? input.board : toExecutiveView(input.board);
  const redactions = input.redactions === 1 ? "1 value was redacted" : `${input.redactions} values were redacted`;
  const sections = [
    [`# ${text(input.title) || "Incident snapshot"}`, "", ...renderMetadata(input, board)],
    renderSummary(board),
    renderRootCauses(board),
    renderAlsoAffected(board),
    renderDashboards(board),
    renderActions(input.actions),
    renderValidation(input.verifyRun),
    renderTimeline(board.timeline),
    renderNote(input.note),
    [`_Generated by Cascade. ${redactions}._`],
  ].filter((section) => section.length > 0);
  return `${sections.map((section) => section.join("\n")).join("\n\n---\n\n")}\n`;
}
