import type { Param, Template } from "./types";

// English words of the Alertmanager channel, the heartbeat and maintenance windows (keys shared with alerting-de.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));

export const alertingMessagesEn = {
  "notify.alertmanager.description": (p) =>
    `The stack is ${str(p.status)}. Root causes: ${str(p.causes)}${Number(p.more) > 0 ? ` (and ${str(p.more)} more)` : ""}`,
  "notify.watchdog.summary": () => "Cascade is watching",
  "notify.watchdog.description": () =>
    "This alert always fires while Cascade watches the stack. When it stops arriving, Cascade has stopped: route it to a dead man's switch.",
  "maintenance.board.active": (p) =>
    `Maintenance until ${str(p.until)}${p.containers ? ` for ${str(p.containers)}` : " for the whole stack"}: ${str(p.reason)}. Incidents are recorded, nobody is notified.`,
} satisfies Record<string, Template>;
