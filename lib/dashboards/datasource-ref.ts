// Which datasource a panel or query points at, across every form Grafana has saved it in: a plain name, {type, uid},
// ${DS_X} from an export's __inputs, $datasource from a datasource variable, "-- Mixed --", "-- Grafana --", or null.

import { arrayOf, isRecord, recordOf, stringOf } from "./json-values";

export type DatasourceRef =
  | { kind: "prometheus"; uid: string | null; name: string | null }
  | { kind: "default" }
  | { kind: "mixed" }
  | { kind: "grafana" }
  | { kind: "other"; type: string };

export interface KnownDatasource {
  uid: string;
  name: string;
  type: string;
  isDefault?: boolean;
}

export interface ResolvedDatasource {
  ref: DatasourceRef;
  /** The reference as written, when it names nothing we know of (then ref is { kind: "other", type: "unknown" }). */
  unresolved: string | null;
}

const MIXED = "-- Mixed --";
const GRAFANA = "-- Grafana --";
const DASHBOARD = "-- Dashboard --";
const VARIABLE_REFERENCE = /^\$\{(\w+)\}$|^\$(\w+)$|^\[\[(\w+)\]\]$/;

export function createDatasourceResolver(
  board: Record<string, unknown>,
  known: KnownDatasource[] = [],
): (raw: unknown) => ResolvedDatasource {
  const inputPlugins = new Map<string, string>();
  for (const input of arrayOf(board.__inputs)) {
    const name = stringOf(input.name);
    if (name && input.type === "datasource") inputPlugins.set(name, stringOf(input.pluginId) ?? "");
  }
  const datasourceVariables = new Map<string, Record<string, unknown>>();
  for (const variable of arrayOf(recordOf(board.templating).list)) {
    const name = stringOf(variable.name);
    if (name && variable.type === "datasource") datasourceVariables.set(name, variable);
  }

  const resolved = (ref: DatasourceRef): ResolvedDatasource => ({ ref, unresolved: null });
  const unknown = (written: string): ResolvedDatasource => ({
    ref: { kind: "other", type: "unknown" },
    unresolved: written,
  });
  const fromKnown = (ds: KnownDatasource) => resolved(refForType(ds.type, ds.uid, ds.name));
  const byUidOrName = (key: string) => known.find((ds) => ds.uid === key) ?? known.find((ds) => ds.name === key);
  const defaultDatasource = (): ResolvedDatasource => {
    const ds = known.find((candidate) => candidate.isDefault);
    return ds ? fromKnown(ds) : resolved({ kind: "default" });
  };

  /** Grafana's pick for "a datasource of this plugin type": the default one if it is of that type, else the first. */
  const ofPluginType = (pluginType: string): ResolvedDatasource => {
    const candidates = known.filter((ds) => ds.type === pluginType);
    const chosen = candidates.find((ds) => ds.isDefault) ?? candidates[0];
    return chosen ? fromKnown(chosen) : resolved(refForType(pluginType, null, null));
  };

  function resolveVariable(name: string): ResolvedDatasource | null {
    // An export's ${DS_X} is filled in on import with a datasource of the input's plugin type.
    const plugin = inputPlugins.get(name);
    if (plugin !== undefined) return ofPluginType(plugin);
    const variable = datasourceVariables.get(name);
    if (!variable) return null;
    const pluginType = stringOf(variable.query) ?? "";
    const current = recordOf(variable.current);
    const value = stringOf(current.value);
    const text = stringOf(current.text);
    const selected = [value, text].find((key) => key && key !== "default" && key !== "$__all");
    const match = selected ? byUidOrName(selected) : undefined;
    if (match) return fromKnown(match);
    if (selected) return resolved(refForType(pluginType, value, text));
    // "default" (or nothing saved): Grafana's default datasource of the variable's plugin type.
    return ofPluginType(pluginType);
  }

  function resolveString(written: string): ResolvedDatasource {
    const text = written.trim();
    if (text === "" || text === "default") return defaultDatasource();
    if (text === MIXED) return resolved({ kind: "mixed" });
    if (text === GRAFANA) return resolved({ kind: "grafana" });
    if (text === DASHBOARD) return resolved({ kind: "other", type: "dashboard" });
    const variable = VARIABLE_REFERENCE.exec(text);
    if (variable) return resolveVariable(variable[1] ?? variable[2] ?? variable[3] ?? "") ?? unknown(text);
    const match = byUidOrName(text);
    if (match) return fromKnown(match);
    // Schema < 20 saved datasources by name only. With no list of real datasources to look it up in, a name that
    // says Prometheus is taken at its word; anything else stays unknown rather than guessed.
    if (known.length === 0 && /prometheus/i.test(text)) return resolved({ kind: "prometheus", uid: null, name: text });
    return unknown(text);
  }

  function resolveObject(ref: Record<string, unknown>): ResolvedDatasource {
    const uid = stringOf(ref.uid);
    const type = stringOf(ref.type);
    if (uid === MIXED || type === "mixed") return resolved({ kind: "mixed" });
    if (uid === GRAFANA || type === "grafana" || (type === "datasource" && uid === "grafana")) {
      return resolved({ kind: "grafana" });
    }
    if (uid === DASHBOARD) return resolved({ kind: "other", type: "dashboard" });
    if (!type || type === "datasource") return resolveString(uid ?? "");
    // The type is explicit; a uid that is a variable may still name a known datasource through its current value.
    const isVariable = uid !== null && VARIABLE_REFERENCE.test(uid);
    const viaVariable = isVariable ? resolveString(uid) : null;
    if (viaVariable && viaVariable.ref.kind === type) return viaVariable;
    const match = uid && !isVariable ? known.find((ds) => ds.uid === uid) : undefined;
    return resolved(refForType(type, isVariable ? null : uid, match?.name ?? null));
  }

  return (raw: unknown) => {
    if (raw === null || raw === undefined) return defaultDatasource();
    if (typeof raw === "string") return resolveString(raw);
    return isRecord(raw) ? resolveObject(raw) : defaultDatasource();
  };
}

function refForType(type: string, uid: string | null, name: string | null): DatasourceRef {
  if (type === "prometheus") return { kind: "prometheus", uid, name };
  if (type === "grafana") return { kind: "grafana" };
  if (type === "mixed") return { kind: "mixed" };
  return { kind: "other", type: type || "unknown" };
}
