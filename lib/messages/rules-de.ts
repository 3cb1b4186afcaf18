import type { ruleMessagesEn } from "./rules-en";
import type { CauseTemplates, Param, Params, Template, Words } from "./types";

// Deutsch für Prometheus' eigene Regeln und Alarme: dieselben Schlüssel wie rules-en.ts.

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));
const list = (value: Param | undefined) => (Array.isArray(value) ? value.join(", ") : str(value));

export const ruleCauseDe: CauseTemplates = {
  title: (p, w) =>
    `Prometheus kann ${w.count(Array.isArray(p.rules) ? p.rules.length : 1, "Regel", "Regeln")} der Gruppe ${str(p.group)} (${str(p.file)}) nicht auswerten.`,
  detail: (p) => `${list(p.rules)}: ${p.lastError ? str(p.lastError) : "health err"}`,
  phrase: (p) => `die Regelgruppe ${str(p.group)} schlägt fehl`,
};

export const ruleMessagesDe: Record<keyof typeof ruleMessagesEn, Template> = {
  "hypothesis.rule-query-fails": () =>
    "Die Abfrage der Regel scheitert an den Serien, die sie jetzt liest (etwa Many-to-one-Matching oder ein Typfehler): Sie wurde nicht gegen sie getestet",
  "hypothesis.rule-series-changed": () =>
    "Die gelesenen Serien haben sich geändert (neue Labels, Duplikate), daher scheitert eine Abfrage, die früher funktionierte",
  "hypothesis.recording-rule-fails": (p) =>
    `Die Aufzeichnungsregel, die sie schreibt, scheitert bei jeder Auswertung (Gruppe ${str(p.group)})`,
  "fact.rule-health-err": () => "Regel-API: health err",
  "label.rule-group": () => "Regelgruppe",
  "label.rule-file": () => "Regeldatei",
  "label.failing-rule": (p) => `Fehlschlagende Regel ${str(p.rule)}`,
  "label.last-evaluation": () => "Letzte Auswertung",
  "label.firing-alert": () => "Aktiver Alarm",
  "label.more-firing-alerts": () => "Weitere aktive Alarme",
  "action.fix-rule": (p) => `Die Regel in ${str(p.file)} korrigieren (promtool test rules), dann Prometheus neu laden`,
  "impact.rules-failing": (p, w) =>
    `${w.count(p.count, "Regelgruppe", "Regelgruppen")} ${p.count === 1 ? "scheitert" : "scheitern"} bei der Auswertung: Ihre aufgezeichneten Serien und Alarme fehlen oder sind veraltet.`,
  "rules.alerts-firing": (p, w) =>
    p.count === 0 ? "In Prometheus ist kein Alarm aktiv." : `${w.count(p.count, "Alarm", "Alarme")} in Prometheus aktiv.`,
  "rules.alerts-unavailable": (p) => `Die Alarme von Prometheus können nicht gelesen werden: ${str(p.error)}`,
  "rules.section": () => "Alarme und Regeln von Prometheus",
  "rules.alerts": () => "Aktive und ausstehende Alarme",
  "rules.no-alerts": () => "Kein Alarm ist aktiv oder ausstehend.",
  "rules.groups": () => "Regelgruppen",
  "rules.no-groups": () => "Prometheus hat keine Regelgruppen.",
  "rules.groups-unavailable": (p) => `Die Regelgruppen können nicht gelesen werden: ${str(p.error)}`,
  "rules.column.alert": () => "Alarm",
  "rules.column.labels": () => "Labels",
  "rules.column.state": () => "Zustand",
  "rules.column.active-since": () => "Aktiv seit",
  "rules.column.value": () => "Wert",
  "rules.column.group": () => "Gruppe",
  "rules.column.file": () => "Datei",
  "rules.column.health": () => "Zustand",
  "rules.column.last-error": () => "Letzter Fehler",
  "rules.column.evaluation": () => "Auswertung",
  "rules.column.last-evaluation": () => "Letzte Auswertung",
  "rules.never": () => "nie",
};

/** metric-family-missing, wenn eine fehlschlagende Aufzeichnungsregel die Familie schreibt (params.recordedBy). */
export const recordedFamilyDe = {
  title: (p: Params, w: Words) =>
    `${str(p.family)}${p.panels ? `, das ${w.count(p.panels, "Panel", "Panels")} ${p.panels === 1 ? "liest" : "lesen"},` : ""} wird nicht aufgezeichnet: Die Regelgruppe ${str(p.recordedBy)}, die es schreibt, schlägt fehl.`,
  detail: () => "Prometheus hat es nie gesehen: Seine Aufzeichnungsregel scheitert bei jeder Auswertung.",
};
