import { describe, expect, it } from "vitest";
import type { PanelView, QueryStatus } from "@/lib/contracts/board";
import { countPanels, dashboardStatus, panelStatus, rollUpDashboard } from "@/lib/diagnosis/dashboard-status";

const panel = (status: QueryStatus): PanelView => ({ id: null, title: status, type: "timeseries", rowTitle: null, status, queries: [] });

describe("panelStatus: the worst of its queries", () => {
  it.each([
    [["ok", "no-data"], "no-data"],
    [["missing-metric", "error"], "error"],
    [["ok", "unreachable", "error"], "unreachable"],
    [["skipped", "ok"], "ok"],
    [[], "skipped"],
  ] as [QueryStatus[], QueryStatus][])("%o -> %s", (statuses, expected) => {
    expect(panelStatus(statuses.map((status) => ({ status })))).toBe(expected);
  });
});

describe("dashboardStatus", () => {
  it.each([
    [["ok", "ok", "skipped"], "ok"],
    [["unreachable", "error", "skipped"], "down"],
    [["ok", "no-data"], "degraded"],
    [["ok", "missing-metric"], "degraded"],
    [["unreachable", "ok"], "degraded"],
    [["skipped"], "unknown"],
    [[], "unknown"],
  ] as [QueryStatus[], string][])("%o -> %s", (statuses, expected) => {
    expect(dashboardStatus(statuses.map(panel))).toBe(expected);
  });
});

describe("rollUpDashboard", () => {
  it("counts panels by status, and a dashboard that could not be read is unknown with no causes yet", () => {
    const panels = ["ok", "ok", "no-data", "skipped"].map((status) => panel(status as QueryStatus));
    expect(countPanels(panels)).toEqual({ ok: 2, "no-data": 1, "missing-metric": 0, error: 0, unreachable: 0, skipped: 1 });
    const base = { uid: "d", title: "D", source: "file" as const, url: null, panels };
    expect(rollUpDashboard({ ...base, error: null })).toMatchObject({ status: "degraded", causes: [] });
    expect(rollUpDashboard({ ...base, panels: [], error: "d.json: not valid JSON" })).toMatchObject({ status: "unknown", causes: [] });
  });
});
