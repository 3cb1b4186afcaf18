// Grafana dashboard JSON (schema 12 to today, bare or in the API envelope) -> every panel, in document order, with
// its queries, their effective datasource and their PromQL with template variables substituted.

import { createDatasourceResolver, type DatasourceRef, type KnownDatasource, type ResolvedDatasource } from "./datasource-ref";
import { arrayOf, isRecord, recordOf, stringOf, unwrapDashboard } from "./json-values";
import { substituteVariables, type VariableContext, variablesFromDashboard } from "./template-variables";

export type { DatasourceRef, KnownDatasource } from "./datasource-ref";

export interface PanelQuery {
  refId: string;
  /** Raw, as written in the dashboard. */
  expr: string;
  /** Template variables substituted. */
  resolvedExpr: string;
  /** The effective one: the target's own, else the panel's. */
  datasource: DatasourceRef;
  hidden: boolean;
  instant: boolean;
  /** Why this query is not run against Prometheus; null when it should be. */
  skipReason: string | null;
}

export interface DashboardPanel {
  id: number | null;
  title: string;
  type: string;
  rowTitle: string | null;
  queries: PanelQuery[];
  /** Why the panel has no queries ("row", "text panel", ...); null when it has some. */
  skipReason: string | null;
}

export interface WalkedDashboard {
  uid: string | null;
  title: string;
  schemaVersion: number | null;
  panels: DashboardPanel[];
}

export interface WalkOptions {
  knownDatasources?: KnownDatasource[];
  /** Overrides for Grafana's built-in variables ($__rate_interval, $__range, ...). */
  builtins?: Partial<Record<string, string>>;
}

// Panel types that never query a datasource.
const DISPLAY_ONLY_PANELS = new Set(["text", "news", "dashlist", "alertlist", "annolist", "welcome", "gettingstarted"]);

interface Walk {
  context: VariableContext;
  builtins: Partial<Record<string, string>>;
  resolve: (raw: unknown) => ResolvedDatasource;
  libraryPanels: Record<string, unknown>;
}

export function walkDashboard(json: unknown, options: WalkOptions = {}): WalkedDashboard {
  if (!isRecord(json)) throw new Error("Dashboard JSON is not an object.");
  const board = unwrapDashboard(json);
  const { panels, rows } = board;
  if (!Array.isArray(panels) && !Array.isArray(rows)) {
    if (isRecord(board.spec) && "elements" in board.spec) {
      throw new Error("Grafana dashboard schema v2 (spec.elements and spec.layout) is not supported yet.");
    }
    throw new Error("Not a Grafana dashboard: it has neither panels[] nor rows[].");
  }
  const title = stringOf(board.title) ?? "";
  const walk: Walk = {
    context: variablesFromDashboard(board),
    builtins: { __dashboard: title, ...options.builtins },
    resolve: createDatasourceResolver(board, options.knownDatasources),
    libraryPanels: recordOf(board.__elements),
  };

  const walked: DashboardPanel[] = [];
  let rowTitle: string | null = null;
  for (const panel of arrayOf(panels)) {
    if (panel.type !== "row") {
      walked.push(walkPanel(panel, rowTitle, walk));
      continue;
    }
    // A collapsed row keeps its panels inside it; an expanded row owns the top-level panels that follow it.
    rowTitle = stringOf(panel.title) ?? "";
    walked.push(rowEntry(panel, rowTitle));
    for (const nested of arrayOf(panel.panels)) walked.push(walkPanel(nested, rowTitle, walk));
  }
  // Schema < 16: rows[] each holding its panels.
  for (const row of arrayOf(rows)) {
    const title = stringOf(row.title) ?? "";
    walked.push(rowEntry(row, title));
    for (const panel of arrayOf(row.panels)) walked.push(walkPanel(panel, title, walk));
  }

  const schemaVersion = board.schemaVersion;
  return {
    uid: stringOf(board.uid) || null,
    title,
    schemaVersion: typeof schemaVersion === "number" ? schemaVersion : null,
    panels: walked,
  };
}

function rowEntry(row: Record<string, unknown>, title: string): DashboardPanel {
  return { id: idOf(row), title, type: "row", rowTitle: null, queries: [], skipReason: "row" };
}

function walkPanel(raw: Record<string, unknown>, rowTitle: string | null, walk: Walk): DashboardPanel {
  const panel = withLibraryModel(raw, walk.libraryPanels);
  const type = stringOf(panel.type) ?? "unknown";
  const entry = { id: idOf(panel), title: stringOf(panel.title) ?? "", type, rowTitle };
  const repeatOf = panel.repeatPanelId;
  if (typeof repeatOf === "number") {
    return { ...entry, queries: [], skipReason: `repeated copy of panel ${repeatOf}` };
  }
  const targets = arrayOf(panel.targets);
  if (targets.length === 0) return { ...entry, queries: [], skipReason: noQueriesReason(panel, type) };
  const panelDatasource = walk.resolve(panel.datasource);
  const queries = targets.map((target, index) => walkQuery(target, index, panelDatasource, walk));
  return { ...entry, queries, skipReason: null };
}

function walkQuery(target: Record<string, unknown>, index: number, panelDatasource: ResolvedDatasource, walk: Walk): PanelQuery {
  const expr = typeof target.expr === "string" ? target.expr : "";
  // A target's own datasource wins; under "-- Mixed --" a target without one runs on the default datasource.
  let effective = target.datasource == null ? panelDatasource : walk.resolve(target.datasource);
  if (effective.ref.kind === "mixed") effective = walk.resolve(null);
  return {
    refId: stringOf(target.refId) || refIdFor(index),
    expr,
    resolvedExpr: substituteVariables(expr, walk.context, walk.builtins),
    datasource: effective.ref,
    hidden: target.hide === true,
    instant: target.instant === true,
    skipReason: datasourceSkipReason(effective) ?? (expr.trim() === "" ? "no expression" : null),
  };
}

function datasourceSkipReason({ ref, unresolved }: ResolvedDatasource): string | null {
  if (ref.kind === "prometheus" || ref.kind === "default") return null;
  if (unresolved !== null) return `datasource "${unresolved}" is not known`;
  return `not a Prometheus datasource (${ref.kind === "other" ? ref.type : ref.kind})`;
}

function noQueriesReason(panel: Record<string, unknown>, type: string): string {
  if (isRecord(panel.libraryPanel)) return "library panel (its queries are stored in Grafana's library, not here)";
  if (DISPLAY_ONLY_PANELS.has(type)) return `${type} panel`;
  return "no queries";
}

/** Exports inline library panels under __elements; a panel that only references one takes its model from there. */
function withLibraryModel(panel: Record<string, unknown>, libraryPanels: Record<string, unknown>) {
  const libraryUid = stringOf(recordOf(panel.libraryPanel).uid);
  if (!libraryUid || Array.isArray(panel.targets)) return panel;
  const model = recordOf(recordOf(libraryPanels[libraryUid]).model);
  if (Object.keys(model).length === 0) return panel;
  return { ...model, ...panel, targets: model.targets, datasource: model.datasource ?? panel.datasource };
}

function idOf(panel: Record<string, unknown>): number | null {
  return typeof panel.id === "number" ? panel.id : null;
}

/** Grafana names unnamed queries A, B, C, ... */
function refIdFor(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `Q${index + 1}`;
}
