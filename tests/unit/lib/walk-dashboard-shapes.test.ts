import { describe, expect, it } from "vitest";
import { walkDashboard } from "@/lib/dashboards/walk-dashboard";

describe("walkDashboard on hand-made shapes", () => {
  const prom = { type: "prometheus", uid: "prom-1" };
  const target = (fields: Record<string, unknown> = {}) => ({ refId: "A", expr: "up", ...fields });
  const only = (json: unknown, options?: Parameters<typeof walkDashboard>[1]) => walkDashboard(json, options).panels;

  it("accepts the API envelope and rejects what is not a dashboard", () => {
    const dashboard = { uid: "u", title: "T", panels: [{ id: 1, type: "stat", title: "S", targets: [target()] }] };
    expect(walkDashboard({ dashboard, meta: { slug: "t" } })).toMatchObject({ uid: "u", title: "T", schemaVersion: null });
    expect(() => walkDashboard("{}")).toThrow("Dashboard JSON is not an object.");
    expect(() => walkDashboard([])).toThrow("Dashboard JSON is not an object.");
    expect(() => walkDashboard({ title: "x" })).toThrow("Not a Grafana dashboard: it has neither panels[] nor rows[].");
    expect(() => walkDashboard({ kind: "Dashboard", spec: { elements: {}, layout: {} } })).toThrow(/schema v2/);
    expect(walkDashboard({ panels: [] }).panels).toEqual([]);
  });

  it("gives missing ids null, missing refIds letters, and keeps hide/instant", () => {
    const [panel] = only({ panels: [{ type: "timeseries", targets: [{ expr: "a" }, { expr: "b", hide: true, instant: true }] }] });
    expect(panel).toMatchObject({ id: null, title: "", type: "timeseries", rowTitle: null, skipReason: null });
    expect(panel?.queries.map((query) => [query.refId, query.hidden, query.instant, query.skipReason])).toEqual([
      ["A", false, false, null],
      ["B", true, true, null],
    ]);
  });

  it("sets rowTitle from expanded rows, and from collapsed rows for their nested panels", () => {
    const panels = only({
      panels: [
        { id: 1, type: "stat", title: "before", targets: [target()] },
        { id: 2, type: "row", title: "Open", collapsed: false, panels: [] },
        { id: 3, type: "stat", title: "under open", targets: [target()] },
        { id: 4, type: "row", title: "Shut", collapsed: true, panels: [{ id: 5, type: "graph", title: "inside", targets: [target()] }] },
      ],
    });
    expect(panels.map((panel) => [panel.id, panel.title, panel.rowTitle, panel.skipReason])).toEqual([
      [1, "before", null, null],
      [2, "Open", null, "row"],
      [3, "under open", "Open", null],
      [4, "Shut", null, "row"],
      [5, "inside", "Shut", null],
    ]);
  });

  it.each<[string, unknown, Record<string, unknown>, string | null]>([
    ["null", null, { kind: "default" }, null],
    ["{type, uid}", prom, { kind: "prometheus", uid: "prom-1", name: null }, null],
    ["{type: loki}", { type: "loki", uid: "l" }, { kind: "other", type: "loki" }, "not a Prometheus datasource (loki)"],
    [
      "server-side expressions",
      { type: "__expr__", uid: "__expr__" },
      { kind: "other", type: "__expr__" },
      "not a Prometheus datasource (__expr__)",
    ],
    ["-- Grafana -- string", "-- Grafana --", { kind: "grafana" }, "not a Prometheus datasource (grafana)"],
    [
      "{type: datasource, uid: grafana}",
      { type: "datasource", uid: "grafana" },
      { kind: "grafana" },
      "not a Prometheus datasource (grafana)",
    ],
    [
      "-- Dashboard --",
      { type: "datasource", uid: "-- Dashboard --" },
      { kind: "other", type: "dashboard" },
      "not a Prometheus datasource (dashboard)",
    ],
    ["${DS_PROM} from __inputs", "${DS_PROM}", { kind: "prometheus", uid: null, name: null }, null],
    ["${DS_LOGS} from __inputs", "${DS_LOGS}", { kind: "other", type: "loki" }, "not a Prometheus datasource (loki)"],
    ["$datasource variable", "$datasource", { kind: "prometheus", uid: null, name: null }, null],
    ["{uid: ${datasource}}", { uid: "${datasource}" }, { kind: "prometheus", uid: null, name: null }, null],
    ["[[picked]] variable", "[[picked]]", { kind: "prometheus", uid: "abc", name: "Thanos" }, null],
    ["unknown variable", "${nope}", { kind: "other", type: "unknown" }, 'datasource "${nope}" is not known'],
    ["a plain name saying Prometheus", "Prometheus (prod)", { kind: "prometheus", uid: null, name: "Prometheus (prod)" }, null],
    ["any other plain name", "InfluxDB", { kind: "other", type: "unknown" }, 'datasource "InfluxDB" is not known'],
  ])("resolves a panel datasource given as %s", (_, datasource, expected, skipReason) => {
    const [panel] = only({
      __inputs: [
        { name: "DS_PROM", type: "datasource", pluginId: "prometheus" },
        { name: "DS_LOGS", type: "datasource", pluginId: "loki" },
      ],
      templating: {
        list: [
          { name: "datasource", type: "datasource", query: "prometheus", current: { text: "default", value: "default" } },
          { name: "picked", type: "datasource", query: "prometheus", current: { text: "Thanos", value: "abc" } },
        ],
      },
      panels: [{ id: 1, type: "timeseries", datasource, targets: [target()] }],
    });
    expect(panel?.queries[0]?.datasource).toEqual(expected);
    expect(panel?.queries[0]?.skipReason).toBe(skipReason);
  });

  it("under -- Mixed --, each target uses its own datasource, or the default one", () => {
    for (const mixed of ["-- Mixed --", { type: "datasource", uid: "-- Mixed --" }]) {
      const [panel] = only({
        panels: [
          {
            type: "timeseries",
            datasource: mixed,
            targets: [
              target({ datasource: prom }),
              target({ refId: "B", datasource: { type: "loki", uid: "l" }, expr: '{app="x"}' }),
              target({ refId: "C" }),
            ],
          },
        ],
      });
      expect(panel?.queries.map((query) => [query.refId, query.datasource.kind, query.skipReason])).toEqual([
        ["A", "prometheus", null],
        ["B", "other", "not a Prometheus datasource (loki)"],
        ["C", "default", null],
      ]);
    }
  });

  it("a target's own datasource beats the panel's; an empty expression is skipped", () => {
    const [panel] = only({
      panels: [
        {
          type: "timeseries",
          datasource: { type: "loki", uid: "l" },
          targets: [target({ datasource: prom }), target({ refId: "B", expr: " " })],
        },
      ],
    });
    expect(panel?.queries.map((query) => [query.datasource.kind, query.skipReason])).toEqual([
      ["prometheus", null],
      ["other", "not a Prometheus datasource (loki)"],
    ]);
    const [bare] = only({ panels: [{ type: "stat", datasource: prom, targets: [{ refId: "A" }] }] });
    expect(bare?.queries[0]).toMatchObject({ expr: "", resolvedExpr: "", skipReason: "no expression" });
  });

  it("resolves names, uids and the default datasource through knownDatasources", () => {
    const knownDatasources = [
      { uid: "p1", name: "Metrics", type: "prometheus" },
      { uid: "l1", name: "Logs", type: "loki", isDefault: true },
    ];
    const panels = only(
      {
        panels: ["Metrics", { uid: "p1" }, "Logs", null, "Prometheus"].map((datasource) => ({
          type: "stat",
          datasource,
          targets: [target()],
        })),
      },
      { knownDatasources },
    );
    expect(panels.map((panel) => panel.queries[0]?.datasource)).toEqual([
      { kind: "prometheus", uid: "p1", name: "Metrics" },
      { kind: "prometheus", uid: "p1", name: "Metrics" },
      { kind: "other", type: "loki" },
      { kind: "other", type: "loki" },
      { kind: "other", type: "unknown" },
    ]);
    // ${DS_X} from __inputs and a datasource variable set to "default" pick a known datasource of their type.
    const exported = only(
      {
        __inputs: [{ name: "DS_X", type: "datasource", pluginId: "prometheus" }],
        templating: { list: [{ name: "ds", type: "datasource", query: "prometheus", current: { value: "default" } }] },
        panels: ["${DS_X}", "$ds"].map((datasource) => ({ type: "stat", datasource, targets: [target()] })),
      },
      { knownDatasources },
    );
    expect(exported.map((panel) => panel.queries[0]?.datasource)).toEqual([
      { kind: "prometheus", uid: "p1", name: "Metrics" },
      { kind: "prometheus", uid: "p1", name: "Metrics" },
    ]);
  });

  it("gives panels without queries a reason; reads library panels inlined by an export", () => {
    const panels = only({
      __elements: { lib1: { uid: "lib1", model: { type: "stat", datasource: prom, targets: [target({ expr: "library_metric" })] } } },
      panels: [
        { id: 1, type: "text", title: "Notes" },
        { id: 2, title: "Lib", libraryPanel: { uid: "missing", name: "Gone" } },
        { id: 3, title: "Inlined", libraryPanel: { uid: "lib1", name: "Lib 1" } },
        { id: 4, type: "timeseries", title: "Empty", targets: [] },
        { id: 5, type: "stat", title: "Copy", repeatPanelId: 3, targets: [target()] },
      ],
    });
    expect(panels.map((panel) => [panel.id, panel.skipReason])).toEqual([
      [1, "text panel"],
      [2, "library panel (its queries are stored in Grafana's library, not here)"],
      [3, null],
      [4, "no queries"],
      [5, "repeated copy of panel 3"],
    ]);
    expect(panels[2]).toMatchObject({ type: "stat", title: "Inlined" });
    expect(panels[2]?.queries[0]).toMatchObject({ expr: "library_metric", datasource: { kind: "prometheus", uid: "prom-1" } });
  });

  it("substitutes variables and $__dashboard, and passes built-in overrides through", () => {
    const [panel] = only(
      {
        title: "Board",
        templating: { list: [{ name: "job", type: "query", multi: true, current: { value: ["a", "b.c"] } }] },
        panels: [{ type: "stat", targets: [target({ expr: 'rate(x{job=~"$job", d="$__dashboard"}[$__rate_interval])' })] }],
      },
      { builtins: { __rate_interval: "2m" } },
    );
    expect(panel?.queries[0]?.resolvedExpr).toBe('rate(x{job=~"(a|b\\\\.c)", d="Board"}[2m])');
  });
});
