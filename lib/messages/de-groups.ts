import type { CauseTemplates, GroupTemplates, Params } from "./types";

// Deutsche Wörter für gruppierte Ursachen (lib/diagnosis/group-causes.ts): ein Satz für viele Mitglieder, mit Zahlen.

const num = (value: Params[string] | undefined) => (typeof value === "number" ? value.toLocaleString("de-DE") : String(value ?? "?"));
const containers = (p: Params) => (p.count === 1 ? "1 Container" : `${num(p.count)} Container`);
const CONTAINER_VERB: Record<string, string> = {
  "container-exited": "sind beendet",
  "container-oom-killed": "hatten keinen Speicher mehr",
  "container-restarting": "stecken in einer Absturzschleife",
  "container-unhealthy": "bestehen ihren Health-Check nicht",
  "container-paused": "sind pausiert",
  "container-not-started": "wurden nie gestartet",
  "container-missing": "existieren nicht",
  "container-gone": "sind verschwunden",
};
const where = (p: Params) =>
  p.by === "compose" ? ` des Compose-Projekts ${String(p.name)}` : p.by === "image" ? ` des Images ${String(p.name)}` : "";
const exits = (p: Params) => (Array.isArray(p.exitCodes) && p.exitCodes.length ? ` (Exit ${p.exitCodes.join(", ")})` : "");

const container: CauseTemplates = {
  title: (p) => `${containers(p)}${where(p)} ${CONTAINER_VERB[String(p.kind)] ?? "fallen aus"}${exits(p)}.`,
  detail: (p) => `Öffnen Sie die Gruppe, um jeden Container zu sehen; die ersten ${Math.min(Number(p.count), 20)} sind aufgeführt.`,
  phrase: (p) => `${containers(p)} ${CONTAINER_VERB[String(p.kind)] ?? "fallen aus"}`,
};

export const deGroups: GroupTemplates = {
  "target-down": {
    title: (p) => `${num(p.count)} von ${num(p.total)} Targets des Jobs ${String(p.job)} sind ausgefallen.`,
    detail: (p) => `Prometheus kann ${num(p.count)} Targets des Jobs ${String(p.job)} nicht abfragen.`,
    phrase: (p) => `${num(p.count)} von ${num(p.total)} Targets des Jobs ${String(p.job)} sind ausgefallen`,
  },
  "metric-family-missing": {
    title: (p) =>
      `${num(p.count)} Metrik-Familien ${p.exporter ? `von ${String(p.exporter)} ` : ""}werden von Panels gelesen, aber von keinem Dienst exportiert.`,
    detail: (p) => `Darunter: ${Array.isArray(p.families) ? p.families.join(", ") : ""}.`,
    phrase: (p) => `${num(p.count)} Metrik-Familien ${p.exporter ? `von ${String(p.exporter)} ` : ""}werden nicht exportiert`,
  },
  container,
};
