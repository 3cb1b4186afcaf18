import type { incidentMessagesEn } from "./incidents-en";
import type { Param, Template } from "./types";

// Deutsche Wörter für Vorfälle, ihre Zeitleiste, den Postmortem-Entwurf und die Verfügbarkeit (Schlüssel wie incidents-en.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));
const seconds = (ms: Param | undefined) => `${Math.round(Number(ms ?? 0) / 1000)} s`;
const stack: Record<string, string> = { ok: "ok", degraded: "eingeschränkt", down: "ausgefallen" };
const state = (value: Param | undefined) => stack[str(value)] ?? (str(value) || "unbekannt");

export const incidentMessagesDe: Record<keyof typeof incidentMessagesEn, Template> = {
  "incident.title.fallback": (p) => (p.status === "down" ? "Der Stack ist ausgefallen" : "Der Stack ist eingeschränkt"),
  "incident.status.open": () => "offen",
  "incident.status.resolved": () => "behoben",
  "incident.stack.ok": () => "ok",
  "incident.stack.degraded": () => "eingeschränkt",
  "incident.stack.down": () => "ausgefallen",
  "incident.event.opened": (p) => `Vorfall eröffnet: der Stack war ${str(p.collections)} Erfassungen in Folge ${state(p.status)}`,
  "incident.event.status-changed": (p) =>
    p.from
      ? `Der Stack wechselte von ${state(p.from)} zu ${state(p.to)}`
      : `Der Stack war schon ${state(p.to)}, als Cascade zu beobachten begann`,
  "incident.event.cause-added": (p) =>
    `${p.again ? "Grundursache wieder da" : "Grundursache hinzugekommen"}: ${str(p.kind)} (${str(p.key)})`,
  "incident.event.causes-skipped": (p) =>
    `Zu viele Änderungen auf einmal: ${str(p.skippedEvents)} Zeilen nicht geschrieben, ${str(p.unrecorded)} Ursachen nicht erfasst`,
  "incident.event.cause-removed": (p) => `Grundursache verschwunden: ${str(p.kind)} (${str(p.key)})`,
  "incident.event.docker-event": (p) =>
    `Docker: ${str(p.container)} ${str(p.action)}${p.exitCode === null || p.exitCode === undefined ? "" : ` (Exit ${str(p.exitCode)})`}`,
  "incident.event.action": (p) => `${str(p.actor)} führte ${str(p.action)} auf ${str(p.subject)} aus: ${str(p.result)}`,
  "incident.event.verify-run": (p) => `Prüflauf ${str(p.id)}: ${str(p.status)}`,
  "incident.event.acknowledged": (p) => `Bestätigt von ${str(p.by)}${p.note ? `: „${str(p.note)}“` : ""}`,
  "incident.event.watcher-gap": (p) => `${seconds(p.ms)} lang hat niemand beobachtet: der Watcher lief nicht (bis ${str(p.to)})`,
  "incident.event.resolved": (p) => `Behoben nach ${str(p.okCollections)} Erfassungen in Folge ohne Befund`,
  "incident.report.title": (p) => `Postmortem (Entwurf): ${str(p.title)}`,
  "incident.report.draft": () =>
    "Ein Entwurf aus dem, was Cascade aufgezeichnet hat. Prüfen Sie jede Zeile und ergänzen Sie, was nur Menschen wissen.",
  "incident.report.summary": () => "Zusammenfassung",
  "incident.report.summary-text": (p) =>
    `Der Stack war von ${str(p.start)} ${p.end ? `bis ${str(p.end)}` : "bis jetzt"} ${state(p.worst)} (${str(p.duration)}).`,
  "incident.report.impact": () => "Auswirkung",
  "incident.report.impact-text": () => "Wer und was betroffen war und wie stark (noch zu schreiben).",
  "incident.report.root-causes": () => "Grundursachen",
  "incident.report.trigger": () => "Auslöser",
  "incident.report.trigger-text": (p) => `Der erste Beleg: ${str(p.start)}.`,
  "incident.report.detection": () => "Erkennung",
  "incident.report.detection-text": (p) => `Cascade erkannte ihn um ${str(p.detected)}, ${str(p.ttd)} nach Beginn der Auswirkung.`,
  "incident.report.resolution": () => "Behebung",
  "incident.report.resolution-text": (p) =>
    p.resolved ? `Behoben um ${str(p.resolved)}, ${str(p.ttr)} nach Beginn der Auswirkung.` : "Noch nicht behoben.",
  "incident.report.acknowledged-text": (p) =>
    p.at ? `Bestätigt von ${str(p.by)} um ${str(p.at)}, ${str(p.tta)} nach Beginn der Auswirkung.` : "Nie bestätigt.",
  "incident.report.action-items": () => "Maßnahmen",
  "incident.report.action-items-text": () =>
    "| Maßnahme | Art | Verantwortlich | Ticket |\n| --- | --- | --- | --- |\n| (noch zu schreiben) | vorbeugen | | |",
  "incident.report.timeline": () => "Zeitleiste",
  "incident.report.first-last": (p) => `zuerst gesehen ${str(p.first)}, zuletzt gesehen ${str(p.last)}`,
  "incident.page.title": () => "Vorfälle",
  "incident.page.empty": () => "Noch kein Vorfall aufgezeichnet.",
  "incident.page.open": (p) => `Offener Vorfall, seit ${str(p.age)}`,
  "incident.page.last-resolved": (p) => `Letzter Vorfall: ${str(p.title)} (behoben ${str(p.when)})`,
  "incident.page.acknowledged": (p) => `Bestätigt von ${str(p.by)}`,
  "incident.page.not-acknowledged": () => "Nicht bestätigt",
  "incident.page.acknowledge": () => "Bestätigen",
  "incident.page.note": () => "Notiz (optional)",
  "incident.page.started": () => "Beginn der Auswirkung",
  "incident.page.duration": () => "Dauer",
  "incident.page.root-causes": () => "Grundursachen",
  "incident.page.ttd": () => "Zeit bis zur Erkennung",
  "incident.page.ttr": () => "Zeit bis zur Behebung",
  "incident.page.ack-by": () => "Bestätigt von",
  "incident.page.timeline": () => "Zeitleiste",
  "incident.page.report": () => "Postmortem-Entwurf (Markdown)",
  "incident.page.older": () => "Ältere Vorfälle",
  "incident.page.all": () => "Alle Vorfälle",
  "incident.page.uptime": () => "Verfügbarkeit, letzte 90 Tage",
};
