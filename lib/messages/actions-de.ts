import type { Param, Params, Template, Words } from "./types";

// Deutsche Wörter der Knöpfe der Seite: die Abhilfen auf den Ursachenkarten und Neustart und Skalierung der
// Swarm-Dienste (Ansicht für Engineers). Dieselben Schlüssel wie actions-en.ts.

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));

export const actionMessagesDe = {
  "button.progress.start": () => "Startet…",
  "button.progress.restart": () => "Startet neu…",
  "button.progress.set-restart-policy": () => "Ändert…",
  "button.progress.restart-service": () => "Startet neu…",
  "button.progress.scale-service": () => "Skaliert…",
  "button.needs-operator": (p) => `${str(p.name)} ist als ${str(p.role)} angemeldet; Aktionen brauchen einen Operator`,
  "button.sign-in-to-act": () => "Als Operator anmelden, um zu handeln",
  "button.result-list": () => "Ergebnisse der Aktionen",
  "button.verify": () => "Die Behebung prüfen",
  "button.dismiss": () => "Ausblenden",
  "service.section": () => "Swarm-Dienste",
  "service.list": () => "Dienste",
  "service.engine": () => "Engine",
  "service.mode": () => "Modus",
  "service.update": () => "Update",
  "service.image": () => "Image",
  "service.why": () => "Warum",
  "service.unknown": () => "unbekannt",
  "service.missing": () => "fehlt",
  "service.running": (p) => `${str(p.running)}/${p.desired ?? "?"} laufen`,
  "service.failing-tasks": (p) => `Fehlschlagende Tasks (${str(p.count)})`,
  "service.task": (p: Params, w: Words) =>
    `${str(p.state)}${p.slot === null ? "" : `, Slot ${str(p.slot)}`}${p.node ? ` auf ${str(p.node)}` : ""}, ${w.ago(p.updatedAt) ?? "?"}:`,
  "service.no-error": () => "kein Fehler angegeben",
  "service.restart": () => "Neu starten",
  "service.scale": () => "Skalieren",
  "service.replicas": (p) => `Replikate von ${str(p.service)}`,
  "service.actions": (p) => `Aktionen für ${str(p.service)}`,
  "node.table": () => "Swarm-Knoten",
  "node.name": () => "Knoten",
  "node.role": () => "Rolle",
  "node.state": () => "Zustand",
  "node.availability": () => "Verfügbarkeit",
} satisfies Record<string, Template>;
