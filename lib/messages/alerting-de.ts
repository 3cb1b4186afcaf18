import type { Param, Template } from "./types";

// Deutsche Texte des Alertmanager-Kanals, des Heartbeats und der Wartungsfenster (Schlüssel wie alerting-en.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));
const status = (value: Param | undefined) => (value === "down" ? "ausgefallen" : value === "degraded" ? "beeinträchtigt" : str(value));

export const alertingMessagesDe = {
  "notify.alertmanager.description": (p) =>
    `Der Stack ist ${status(p.status)}. Ursachen: ${str(p.causes)}${Number(p.more) > 0 ? ` (und ${str(p.more)} weitere)` : ""}`,
  "notify.watchdog.summary": () => "Cascade überwacht",
  "notify.watchdog.description": () =>
    "Dieser Alarm feuert immer, solange Cascade den Stack überwacht. Bleibt er aus, ist Cascade stehen geblieben: leiten Sie ihn an einen Totmannschalter.",
  "maintenance.board.active": (p) =>
    `Wartung bis ${str(p.until)}${p.containers ? ` für ${str(p.containers)}` : " für den ganzen Stack"}: ${str(p.reason)}. Vorfälle werden aufgezeichnet, niemand wird benachrichtigt.`,
} satisfies Record<string, Template>;
