import type { Param, Template } from "./types";

// Deutsche Wörter der Benachrichtigungen (Schlüssel wie notify-en.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));

export const notifyMessagesDe = {
  "notify.event.opened": (p) => `Vorfall eröffnet: ${str(p.title)}`,
  "notify.event.changed": (p) => `Ursachen geändert: ${str(p.title)}`,
  "notify.event.acknowledged": (p) => `Bestätigt${p.by ? ` von ${str(p.by)}` : ""}: ${str(p.title)}`,
  "notify.event.resolved": (p) => `Behoben: ${str(p.title)}`,
  "notify.event.test": () => "Testnachricht von Cascade: dieser Kanal funktioniert.",
  "notify.status": () => "Status",
  "notify.status.down": () => "ausgefallen",
  "notify.status.degraded": () => "beeinträchtigt",
  "notify.status.resolved": () => "behoben",
  "notify.impact-started": () => "Beginn der Auswirkung",
  "notify.detected-after": (p) => `Erkannt ${str(p.duration)} nach Beginn der Auswirkung`,
  "notify.root-causes": () => "Ursachen",
  "notify.members": (p) => `${str(p.count)} betroffen: ${str(p.list)}`,
  "notify.dashboards": () => "Betroffene Dashboards",
  "notify.open-link": () => "In Cascade öffnen",
  "notify.delivery.sent": () => "gesendet",
  "notify.delivery.pending": () => "ausstehend",
  "notify.delivery.failed": () => "fehlgeschlagen",
  "notify.deliveries.title": () => "Benachrichtigungen",
  "notify.deliveries.empty": () => "Zu diesem Vorfall wurde keine Benachrichtigung gesendet.",
  "notify.deliveries.attempts": (p) => `${str(p.count)} Versuch(e)`,
  "notify.warning.channel-failing": (p) =>
    `Cascade erreicht den Benachrichtigungskanal „${str(p.channel)}“ nicht: ${str(p.failures)} Fehlversuche, zuletzt: ${str(p.answer)}`,
  "incident.event.delivery-failed": (p) =>
    `Benachrichtigung „${str(p.event)}“ an Kanal ${str(p.channel)} nach ${str(p.attempts)} Versuchen fehlgeschlagen: ${str(p.answer)}`,
} satisfies Record<string, Template>;
