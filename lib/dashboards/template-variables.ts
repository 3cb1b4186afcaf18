// Grafana template variables: their current values from a dashboard's templating list, and substitution into
// PromQL the way Grafana's Prometheus datasource does it, so the result can be parsed and run against Prometheus.

import { arrayOf, recordOf, stringOf, unwrapDashboard } from "./json-values";
import { formatValues, type StringSpot, type ValueEscaping } from "./variable-formats";

export interface VariableContext {
  /** name -> selected values; "All" already expanded (to allValue, or ".*"). */
  values: Record<string, string[]>;
  /**
   * How a variable's values are escaped inside a PromQL string (Grafana's Prometheus rules): "regex" for multi-value
   * and include-All variables (regex metacharacters escaped inside regex matchers), "verbatim" for an expanded All
   * (the author's regex, inserted as written). Absent: values are only escaped for the string's quoting.
   */
  escaping?: Record<string, ValueEscaping>;
}

/** Grafana's three reference forms: $var, [[var]] / [[var:fmt]], ${var}, ${var.field}, ${var:fmt}. */
const VARIABLE_REFERENCE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;
type Optional = string | undefined;
/** VARIABLE_REFERENCE's groups, then the match's offset. */
type Reference = [Optional, Optional, Optional, Optional, Optional, Optional, number];

const DEFAULT_BUILTINS: Record<string, string> = {
  __rate_interval: "1m",
  __rate_interval_ms: "60000",
  __interval: "30s",
  __interval_ms: "30000",
  __range: "1h",
  __range_s: "3600",
  __range_ms: "3600000",
  __auto: "30s",
  __dashboard: "dashboard",
  __name: "series",
  __org: "1",
  "__org.id": "1",
  "__org.name": "Main Org.",
  __user: "admin",
  "__user.id": "1",
  "__user.login": "admin",
  "__user.email": "admin@localhost",
  __timezone: "utc",
};

const ALL_VALUES = new Set(["$__all", "All"]);

export function variablesFromDashboard(dashboard: unknown): VariableContext {
  const board = unwrapDashboard(dashboard);
  const context: Required<VariableContext> = { values: {}, escaping: {} };
  // Exported dashboards carry constants as inputs that the import dialog would fill in: ${VERSION} and the like.
  for (const input of arrayOf(board.__inputs)) {
    if (input.type === "constant" && typeof input.name === "string") {
      context.values[input.name] = [stringOf(input.value) ?? ""];
    }
  }
  const templating = recordOf(board.templating);
  for (const variable of arrayOf(templating.list)) {
    const name = variable.name;
    if (typeof name !== "string" || name === "" || variable.type === "adhoc") continue;
    const selected = currentValues(variable);
    const allValue = stringOf(variable.allValue) || null;
    const includeAll = variable.includeAll === true;
    const isAll = selected ? selected.some((value) => ALL_VALUES.has(value)) : noCurrentMeansAny(variable);
    if (isAll) {
      context.values[name] = [allValue ?? ".*"];
      context.escaping[name] = "verbatim";
      continue;
    }
    context.values[name] = selected ?? firstOption(variable);
    if (variable.multi === true || includeAll) context.escaping[name] = "regex";
  }
  return context;
}

export function substituteVariables(expr: string, context: VariableContext, builtins?: Partial<Record<string, string>>): string {
  const strings = findStringSpans(expr);
  return expr.replace(VARIABLE_REFERENCE, (match: string, ...groups: unknown[]) => {
    const [simple, oldName, oldFormat, braced, field, bracedFormat, offset] = groups as Reference;
    const name = simple ?? oldName ?? braced ?? "";
    const format = oldFormat ?? bracedFormat;
    if (name.startsWith("__")) {
      const value = builtinValue(name, field, format, builtins);
      if (value !== null) return value;
    }
    const values = context.values[name];
    if (values === undefined) return match; // unknown: left for the PromQL parser to report
    const expanded = values.map((value) => (value.startsWith("$__") ? substituteVariables(value, { values: {} }, builtins) : value));
    const spot = strings.find((span) => offset > span.start && offset < span.end) ?? null;
    return formatValues(expanded, { name, format, spot, escaping: context.escaping?.[name] });
  });
}

function builtinValue(
  name: string,
  field: string | undefined,
  format: string | undefined,
  overrides: Partial<Record<string, string>> | undefined,
): string | null {
  const lookup = (key: string) => overrides?.[key] ?? DEFAULT_BUILTINS[key];
  if (name === "__from" || name === "__to") return timeBuiltin(name, format, overrides);
  const value =
    (field !== undefined ? lookup(`${name}.${field}`) : undefined) ??
    lookup(name) ??
    (name.startsWith("__auto_interval") ? lookup("__auto") : undefined);
  return value ?? null;
}

/** $__from / $__to in epoch milliseconds; ${__to:date:seconds} and ${__to:date} (ISO) as Grafana formats them. */
function timeBuiltin(name: "__from" | "__to", format: string | undefined, overrides?: Partial<Record<string, string>>) {
  const override = overrides?.[name];
  const to = Number(overrides?.__to ?? Date.now());
  const rangeMs = Number(overrides?.__range_ms ?? DEFAULT_BUILTINS.__range_ms);
  const ms = override !== undefined ? Number(override) : name === "__to" ? to : to - rangeMs;
  if (Number.isNaN(ms)) return override ?? null;
  if (format === "date:seconds") return String(Math.floor(ms / 1000));
  if (format === "date" || format === "date:iso") return new Date(ms).toISOString();
  return String(ms);
}

/** Where each string literal is in the raw expression, and whether it is the value of a regex matcher (=~, !~). */
function findStringSpans(expr: string): StringSpot[] {
  const spans: StringSpot[] = [];
  for (let i = 0; i < expr.length; i++) {
    const quote = expr[i];
    if (quote === "#") {
      const newline = expr.indexOf("\n", i);
      if (newline === -1) break;
      i = newline;
      continue;
    }
    if (quote !== '"' && quote !== "'" && quote !== "`") continue;
    const regex = /[=!]~\s*$/.test(expr.slice(Math.max(0, i - 20), i));
    let end = i + 1;
    while (end < expr.length && expr[end] !== quote) end += quote !== "`" && expr[end] === "\\" ? 2 : 1;
    spans.push({ start: i, end, quote, regex });
    i = end;
  }
  return spans;
}

function currentValues(variable: Record<string, unknown>): string[] | null {
  const current = recordOf(variable.current);
  const raw = current.value ?? current.text;
  const values = (Array.isArray(raw) ? raw : [raw]).map(stringOf).filter((value): value is string => value !== null);
  return values.length === 0 || values.every((value) => value === "") ? null : values;
}

/**
 * Without a saved selection Grafana picks the first option: "All" when the variable offers it. A query variable's
 * options come from Prometheus, unknown here, so it matches everything; other types list their options inline.
 */
function noCurrentMeansAny(variable: Record<string, unknown>): boolean {
  return variable.includeAll === true || (variable.type ?? "query") === "query";
}

function firstOption(variable: Record<string, unknown>): string[] {
  const type = variable.type;
  const query = stringOf(variable.query) ?? "";
  if (type === "constant" || type === "textbox") return [query];
  if (type === "datasource") return ["default"];
  if (type === "interval" && variable.auto === true) return ["$__auto"];
  const options = arrayOf(variable.options);
  const option = options.find((entry) => entry.selected === true) ?? options.find((entry) => stringOf(entry.value));
  return [stringOf(option?.value) || query.split(",")[0]?.trim() || ""];
}
