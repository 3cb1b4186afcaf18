import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Board, boardSchema, type Observation, observationSchema } from "@/lib/contracts/board";
import type { AuditEntry, VerifyRun } from "@/lib/contracts/operations";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";
import { toExecutiveView } from "@/lib/snapshots/executive-view";
import { redactDeep } from "@/lib/snapshots/redact";
import { renderSnapshotReport, type SnapshotReportInput } from "@/lib/snapshots/report-markdown";

// The snapshot's Markdown report and executive view, from the recorded real incident
// (tests/fixtures/observations/incident.json: Prometheus stopped, the biometric API's /metrics failing with a NameError).
const DIR = path.resolve(__dirname, "../../fixtures/observations");
const load = (name: string): Observation => observationSchema.parse(JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), "utf8")));
const diagnose = (observation: Observation): Board =>
  renderBoard(diagnoseBoard(observation, new Date(Date.parse(observation.generatedAt))));
const board = diagnose(load("incident"));

const verifyRun: VerifyRun = {
  id: "run-7",
  actor: "alice",
  status: "failed",
  startedAt: "2026-11-30T05:40:00Z",
  finishedAt: "2026-11-30T05:40:09Z",
  steps: [
    {
      id: "container:auren-prometheus",
      title: "auren-prometheus is running",
      status: "passed",
      detail: "running since 05:39 UTC",
      dependsOn: [],
      startedAt: null,
      finishedAt: null,
    },
    {
      id: "endpoint:biometric-api",
      title: "The biometric API serves /metrics",
      status: "failed",
      detail: "HTTP 500",
      dependsOn: [],
      startedAt: null,
      finishedAt: null,
    },
    {
      id: "dashboards",
      title: "Dashboards return data",
      status: "skipped",
      detail: "waits for the endpoint",
      dependsOn: ["endpoint:biometric-api"],
      startedAt: null,
      finishedAt: null,
    },
  ],
};

const actions: AuditEntry[] = [
  {
    id: 12,
    time: "2026-11-30T05:39:30Z",
    actor: "alice",
    role: "operator",
    action: "container.set-restart-policy",
    subject: "auren-prometheus",
    requestId: "r-12",
    result: "ok",
    detail: "unless-stopped",
  },
  {
    id: 11,
    time: "2026-11-30T05:39:02Z",
    actor: "alice",
    role: "operator",
    action: "container.start",
    subject: "auren-prometheus",
    requestId: "r-11",
    result: "ok",
    detail: null,
  },
];

const input = (overrides: Partial<SnapshotReportInput> = {}): SnapshotReportInput => ({
  title: "<script>alert(1)</script>",
  note: "# not a heading\n<img src=x onerror=alert(1)>\n- a | b",
  createdAt: "2026-11-30T05:41:00Z",
  createdBy: "alice",
  expiresAt: "2026-12-07T05:41:00Z",
  board,
  verifyRun,
  actions,
  redactions: 4,
  engineerDetails: true,
  ...overrides,
});

/** The body of one `## ` section. */
function section(report: string, heading: string): string {
  const start = report.indexOf(`\n## ${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const end = report.indexOf("\n## ", start + 1);
  return report.slice(start, end === -1 ? undefined : end);
}

describe("renderSnapshotReport", () => {
  const report = renderSnapshotReport(input());

  it("opens with the escaped title and the metadata block", () => {
    expect(report.startsWith("# &lt;script&gt;alert(1)&lt;/script&gt;\n")).toBe(true);
    expect(report).toContain("- **Date:** 2026-11-30 05:41 UTC");
    expect(report).toContain("- **Status:** DOWN");
    expect(report).toContain("- **Taken by:** alice");
    expect(report).toContain("- **Expires:** 2026-12-07 05:41 UTC");
  });

  it("never lets HTML or structure through from user text", () => {
    expect(report).not.toMatch(/<script|<img/);
    const note = section(report, "Note");
    expect(note).toContain("\\# not a heading");
    expect(note).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(note).toContain("\\- a \\| b");
  });

  it("puts the headline and impact in the executive summary", () => {
    const summary = section(report, "Executive Summary");
    expect(summary).toContain(board.summary.headline);
    expect(summary).toContain("- Grafana cannot query Prometheus");
  });

  it("has both root causes with their evidence, ranked hypotheses and fixes", () => {
    const roots = section(report, "Root Causes");
    const prometheus = roots.slice(roots.indexOf("### 1."), roots.indexOf("### 2."));
    const endpoint = roots.slice(roots.indexOf("### 2."));
    expect(prometheus).toContain("### 1. The Prometheus container (auren-prometheus) exited with code 0");
    expect(prometheus).toContain("- **Kind:** container-exited");
    expect(prometheus).toContain("- **Since:** just now, 05:35 UTC");
    expect(prometheus).toMatch(/- \*\*Log:\*\* .*Received SIGTERM, exiting gracefully/);
    expect(prometheus).toMatch(/1\. Stopped by hand .* \(likely\)\n {3}- exit code 0/);
    expect(prometheus).toMatch(/2\. Stopped by the host .* \(possible\)/);
    expect(prometheus).toContain("**Fix**\n\n- Start auren-prometheus\n- Set restart policy of auren-prometheus to unless-stopped");
    expect(endpoint).toContain("- **Kind:** metrics-endpoint-http-error");
    expect(endpoint).toContain("- **Error:** NameError: name 'Response' is not defined");
    expect(endpoint).toContain("- Add the missing import of Response to the metrics handler and redeploy");
  });

  it("lists the failures the root causes explain", () => {
    expect(section(report, "Also affected")).toContain(
      "- Prometheus cannot be reached, so no dashboard can query it. Explained by: The Prometheus container (auren-prometheus) exited",
    );
  });

  it("tabulates every dashboard with its panel counts and cause", () => {
    const rows = section(report, "Dashboards")
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| Dashboard"));
    expect(rows).toHaveLength(6);
    expect(rows).toContain("| AUREN System Health and Performance | DOWN | 0 / 0 / 0 / 0 / 6 | auren-prometheus (container-exited) |");
  });

  it("lists the actions taken, newest first", () => {
    const taken = section(report, "Actions Taken");
    expect(taken).toContain(
      "| 2026-11-30 05:39:30 UTC | alice (operator) | container.set-restart-policy | auren-prometheus | ok: unless-stopped |",
    );
    expect(taken).toContain("| 2026-11-30 05:39:02 UTC | alice (operator) | container.start | auren-prometheus | ok |");
    expect(taken.indexOf("container.set-restart-policy")).toBeLessThan(taken.indexOf("container.start"));
  });

  it("shows the verify run's steps with their marks", () => {
    const validation = section(report, "Validation");
    expect(validation).toContain("Verify run run-7 by alice: **FAILED**");
    expect(validation).toContain("- ✓ auren-prometheus is running: running since 05:39 UTC");
    expect(validation).toContain("- ✗ The biometric API serves /metrics: HTTP 500");
    expect(validation).toContain("- – Dashboards return data (skipped): waits for the endpoint");
  });

  it("lists the timeline newest first", () => {
    const events = section(report, "Timeline")
      .split("\n")
      .filter((line) => line.startsWith("- "));
    expect(events).toEqual([
      "- 2026-11-30 05:35:40 UTC: auren-prometheus: stop",
      "- 2026-11-30 05:35:40 UTC: auren-prometheus: exited with code 0",
      "- 2026-11-30 05:35:40 UTC: auren-prometheus: kill (signal 15)",
    ]);
  });

  it("ends with the redaction count and is deterministic", () => {
    expect(report.trimEnd().endsWith("_Generated by Cascade. 4 values were redacted._")).toBe(true);
    expect(renderSnapshotReport(input())).toBe(report);
    expect(renderSnapshotReport(input({ redactions: 1 }))).toContain("Generated by Cascade. 1 value was redacted.");
  });

  it("says so when nothing was done, proven or noted", () => {
    const empty = renderSnapshotReport(input({ verifyRun: null, actions: [], note: null }));
    expect(section(empty, "Actions Taken")).toContain("None recorded.");
    expect(section(empty, "Validation")).toContain("No verify run yet.");
    expect(empty).not.toContain("## Note");
  });

  it("keeps at most 30 timeline events, newest first, and escapes table cells", () => {
    const timeline = Array.from({ length: 40 }, (_, minute) => ({
      time: new Date(Date.UTC(2026, 10, 30, 4, minute)).toISOString(),
      subject: "auren-prometheus",
      kind: "restart",
      text: `restart ${minute}`,
      exitCode: null,
    }));
    const dashboards = board.dashboards.map((dashboard, index) => (index === 0 ? { ...dashboard, title: "A | B <b>" } : dashboard));
    const busy = renderSnapshotReport(input({ board: { ...board, timeline, dashboards } }));
    const events = section(busy, "Timeline")
      .split("\n")
      .filter((line) => line.startsWith("- "));
    expect(events).toHaveLength(30);
    expect(events[0]).toBe("- 2026-11-30 04:39:00 UTC: auren-prometheus: restart 39");
    expect(events[29]).toBe("- 2026-11-30 04:10:00 UTC: auren-prometheus: restart 10");
    expect(section(busy, "Timeline")).toContain("10 earlier events are not shown.");
    expect(section(busy, "Dashboards")).toContain("| A \\| B &lt;b&gt; | DOWN |");
  });

  it("leaves out log lines, PromQL and addresses without engineer details", () => {
    expect(report).toContain("http://127.0.0.1:18888/metrics");
    const executive = renderSnapshotReport(input({ engineerDetails: false }));
    expect(executive).toContain("### 2. The biometric API's metrics endpoint fails with HTTP 500");
    expect(executive).not.toContain("Received SIGTERM");
    expect(executive).not.toContain("http://");
    expect(executive).not.toContain("**Evidence**");
  });

  it("renders a board with no causes", () => {
    // The recorded healthy stack still lacks two custom metric families; clear them to get a board with no cause at all.
    const recorded = diagnose(load("healthy"));
    const clear: Board = {
      ...recorded,
      status: "ok",
      dashboards: recorded.dashboards.map((dashboard) => ({ ...dashboard, causes: [] })),
      summary: { headline: "Every watched part of the stack is working.", impact: [], causes: [] },
    };
    const healthy = renderSnapshotReport(input({ board: clear, verifyRun: null, actions: [] }));
    expect(healthy).toContain("- **Status:** OK");
    expect(section(healthy, "Root Causes")).toContain("No root cause found: nothing is failing.");
    expect(section(healthy, "Also affected")).toContain("Nothing else.");
  });
});

describe("toExecutiveView", () => {
  const executive = toExecutiveView(board);
  const json = JSON.stringify(executive);

  it("is still a valid board without log lines, PromQL or addresses", () => {
    // The engineer board has all three, so their absence below is the view's doing.
    expect(JSON.stringify(board)).toMatch(/Received SIGTERM[\s\S]*rate\(|rate\([\s\S]*Received SIGTERM/);
    expect(JSON.stringify(board)).toContain("http://");
    expect(boardSchema.parse(executive)).toEqual(executive);
    expect(json).not.toContain("Received SIGTERM");
    expect(json).not.toContain("rate(");
    expect(json).not.toContain("http://");
  });

  it("keeps statuses, panel titles, counts, causes and the timeline", () => {
    expect(executive.status).toBe("down");
    expect(executive.summary.causes.map((cause) => [cause.kind, cause.subject, cause.root])).toEqual(
      board.summary.causes.map((cause) => [cause.kind, cause.subject === board.prometheus?.url ? "prometheus" : cause.subject, cause.root]),
    );
    executive.dashboards.forEach((dashboard, index) => {
      const original = board.dashboards[index]!;
      expect(dashboard.panelCounts).toEqual(original.panelCounts);
      expect(dashboard.panels.map((panel) => [panel.title, panel.status, panel.queries.length])).toEqual(
        original.panels.map((panel) => [panel.title, panel.status, 0]),
      );
      expect(dashboard.url).toBeNull();
    });
    expect(executive.timeline).toEqual(board.timeline);
    expect(executive.containers.every((container) => container.logTail.length === 0)).toBe(true);
    expect(
      executive.summary.causes.every((cause) => cause.evidence.length === 0 && cause.hypotheses.every((h) => h.evidence.length === 0)),
    ).toBe(true);
    expect(executive.summary.causes[0]!.detail).toBe(board.summary.causes[0]!.detail);
  });

  it.each(
    fs
      .readdirSync(DIR)
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.replace(/\.json$/, "")),
  )("%s: valid, no addresses or queries, and every dashboard cause still names a cause", (name) => {
    const view = toExecutiveView(diagnose(load(name)));
    const text = JSON.stringify(boardSchema.parse(view));
    expect(text).not.toMatch(/[a-z]+:\/\//);
    expect(view.dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.queries))).toEqual([]);
    for (const ref of view.dashboards.flatMap((dashboard) => dashboard.causes)) {
      expect(view.summary.causes.some((cause) => cause.kind === ref.kind && cause.subject === ref.subject)).toBe(true);
    }
    expect(toExecutiveView(view)).toEqual(view);
  });

  it("leaves nothing for redaction to find in the report of a redacted board", () => {
    const redacted = redactDeep(board, { secrets: [], patterns: [/auren-api/] });
    expect(redacted.count).toBeGreaterThan(0);
    const report = renderSnapshotReport(input({ board: redacted.value, redactions: redacted.count }));
    expect(report).not.toContain("auren-api");
    expect(report).toContain(`${redacted.count} values were redacted`);
  });
});
