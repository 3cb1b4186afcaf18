import type { CauseTemplates, Param, Params, Template, Words } from "./types";

// Deutsche Wörter für Swarm-Dienste, Knoten und Manager (dieselben Schlüssel wie services-en.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));
const tasks = (p: Params) => `${str(p.running)} von ${p.desired ?? "?"} Tasks laufen`;

export const serviceMessagesDe = {
  "label.service-tasks": () => "laufend / gewünscht",
  "label.task-error": () => "Task-Fehler",
  "label.node": () => "Knoten",
  "label.update-status": () => "Update",
  "label.availability": () => "Verfügbarkeit",
  "label.swarm-state": () => "Swarm-Zustand",
  "fact.task-error": (p) => `Docker: ${str(p.error)}`,
  "fact.task-failures": (p, w: Words) => `${w.count(p.count, "fehlgeschlagener Task", "fehlgeschlagene Tasks")} in den letzten 10 Minuten`,
  "fact.node-state": (p) => `Knoten ${str(p.node)} ist ${str(p.state)}`,
  "fact.no-task-error": () => "noch meldet kein Task einen Fehler",
  "hypothesis.service-removed": () => "Der Dienst wurde entfernt (docker service rm, docker stack rm), oder cascade.yaml nennt ihn falsch",
  "hypothesis.service-node-down": (p) => `Seine Tasks liefen auf ${str(p.node)}, und dieser Knoten ist ausgefallen`,
  "hypothesis.task-unplaceable": () =>
    "Swarm kann seine Tasks nicht platzieren: kein Knoten erfüllt seine Bedingungen oder Ressourcenreservierungen",
  "hypothesis.task-exits": (p) =>
    `Seine Tasks beenden sich beim Start mit einem Fehler${p.exitCode === null || p.exitCode === undefined ? "" : ` (Exit ${str(p.exitCode)})`}`,
  "hypothesis.tasks-starting": () => "Seine Tasks starten noch oder werden neu verteilt",
  "hypothesis.not-a-manager": () =>
    "Die Engine ist kein Swarm-Manager (ein Worker oder in keinem Swarm), oder der Swarm hat sein Quorum verloren",
  "hypothesis.node-unreachable": () => "Der Host des Knotens oder sein dockerd ist gestoppt, oder das Netz zu ihm ist unterbrochen",
  "action.restart-service": (p) => `Den Dienst ${str(p.service)} neu starten (ein erzwungenes Rolling Update)`,
  "action.scale-service": (p) => `${str(p.service)} auf die ${str(p.replicas)} Replikate skalieren, die laufen können`,
  "action.check-node": (p) => `Den Host des Knotens ${str(p.node)} und seinen Docker-Daemon prüfen`,
  "action.point-at-manager": (p) => `Engine ${str(p.engine)} auf einen Swarm-Manager zeigen lassen, oder services: dafür entfernen`,
  "impact.service-degraded": (p) => `Der Dienst ${str(p.service)} läuft unter seiner Kapazität: ${tasks(p)}.`,
} satisfies Record<string, Template>;

export const serviceCausesDe: Record<"service-degraded" | "service-task-failing" | "node-down" | "swarm-unavailable", CauseTemplates> = {
  "service-degraded": {
    title: (p) =>
      p.missing
        ? `Den Dienst ${str(p.service)} gibt es auf der Engine ${str(p.engine)} nicht.`
        : `Der Dienst ${str(p.service)} ist eingeschränkt: ${tasks(p)}.`,
    detail: (p) =>
      p.error
        ? `Docker sagt über seinen fehlschlagenden Task: ${str(p.error)}`
        : `Swarm hat noch nicht jeden Task von ${str(p.service)} platziert.`,
    phrase: (p) =>
      p.missing ? `den Dienst ${str(p.service)} gibt es nicht` : `der Dienst ${str(p.service)} ist eingeschränkt (${tasks(p)})`,
  },
  "service-task-failing": {
    title: (p, w) =>
      `Die Tasks des Dienstes ${str(p.service)} schlagen immer wieder fehl${w.ago(p.since) ? ` (zuletzt ${w.ago(p.since)})` : ""}.`,
    detail: (p, w) =>
      `${w.count(p.failures, "Task", "Tasks")} in den letzten 10 Minuten fehlgeschlagen${p.error ? `: ${str(p.error)}` : ""}${p.updateState ? `; Update ${str(p.updateState)}` : ""}.`,
    phrase: (p) => `der Dienst ${str(p.service)} schlägt immer wieder fehl`,
  },
  "node-down": {
    title: (p) => `Der Swarm-Knoten ${str(p.node)} ist ${str(p.state)}.`,
    detail: (p) => `Seine Tasks können erst wieder laufen, wenn er zurück ist${p.message ? ` (${str(p.message)})` : ""}.`,
    phrase: (p) => `der Swarm-Knoten ${str(p.node)} ist ausgefallen`,
  },
  "swarm-unavailable": {
    title: (p) => `Die Dienste der Engine ${str(p.engine)} können nicht beobachtet werden.`,
    detail: (p) => str(p.error),
    phrase: (p) => `der Swarm auf der Engine ${str(p.engine)} kann nicht gefragt werden`,
  },
};
