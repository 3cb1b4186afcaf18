import { withEngineHintDe } from "./engine-hints-de";
import type { initMessagesEn } from "./init-en";
import type { Param, Template } from "./types";

// Deutsche Wörter für `cascade init` (Schlüssel wie init-en.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));

export const initMessagesDe: Record<keyof typeof initMessagesEn, Template> = {
  "init.engine": (p) =>
    `Docker-Engine ${str(p.engine)}: Version ${str(p.version)}, ${str(p.containers)} Container (${str(p.running)} laufen)`,
  "init.engine.unreachable": (p) => withEngineHintDe(`Docker-Engine ${str(p.engine)} antwortet nicht: ${str(p.error)}`, p.errorClass),
  "init.swarm.services": (p) =>
    `Swarm-Manager: ${str(p.services)} Services (nicht geschrieben: die zu beobachtenden unter services: in cascade.yaml eintragen)`,
  "init.swarm.unavailable": (p) => `Swarm-Manager: seine Services konnten nicht gelistet werden: ${str(p.error)}`,
  "init.sockets.unavailable": (p) => `Lauschende Sockets der Container im Host-Netz nicht gelesen: ${str(p.reason)}`,
  "init.prometheus.found": (p) => `Prometheus: ${str(p.container)} unter ${str(p.url)} (${str(p.targets)} Scrape-Ziele)`,
  "init.prometheus.other": (p) =>
    `Ein weiteres Prometheus, nicht verwendet: ${str(p.container)} unter ${str(p.url)} (prometheus: ändern, um es zu wählen)`,
  "init.prometheus.none": () => "Kein Prometheus gefunden: kein Container führt prometheus aus oder beantwortet /-/ready auf seinen Ports",
  "init.prometheus.targets-error": (p) => `Seine Scrape-Ziele konnten nicht gelesen werden: ${str(p.error)}`,
  "init.target.mapped": (p) => `Ziel ${str(p.job)} ${str(p.url)}: bedient von ${str(p.container)} (${str(p.how)})`,
  "init.target.self": (p) => `Ziel ${str(p.job)} ${str(p.url)}: Prometheus selbst, beobachtet als Prometheus-Container`,
  "init.target.unmapped": (p) =>
    `Ziel ${str(p.job)} ${str(p.url)}: kein Container gefunden, der es bedient (kein Port, Socket, Name oder Alias passt); weggelassen`,
  "init.endpoint.expect": (p) => `Endpunkt ${str(p.name)}: erwartet ${str(p.count)} Metriknamen, die er jetzt liefert`,
  "init.endpoint.unreadable": (p) =>
    `Endpunkt ${str(p.name)}: ${str(p.url)} konnte nicht gelesen werden (${str(p.error)}); expect bleibt leer`,
  "init.grafana.dashboards": (p) => `Grafana ${str(p.container)}: Dashboards bereitgestellt aus ${str(p.dir)}`,
  "init.grafana.no-folder": (p) =>
    `Grafana ${str(p.container)}: kein bereitgestellter Dashboard-Ordner unter seinen Mounts; grafana.url und grafana.token setzen oder --dashboards DIR`,
  "init.dashboards": (p) => `Dashboards: ${str(p.files)} Dateien in ${str(p.dir)}, sie lesen ${str(p.metrics)} Metriknamen`,
  "init.dashboards.unreadable": (p) => `Dashboard-Ordner ${str(p.dir)} konnte nicht gelesen werden: ${str(p.error)}`,
  "init.dashboards.none": () => "Keine Dashboards: kein Grafana-Container mit bereitgestelltem Ordner gefunden; --dashboards DIR verwenden",
  "init.others": (p) => `${str(p.count)} weitere Container bedienen keines dieser Ziele und bleiben weg`,
  "init.wrote": (p) =>
    `${str(p.file)} geschrieben: ${str(p.containers)} Container, ${str(p.endpoints)} Metrik-Endpunkte. Prüfen: cascade check --config ${str(p.file)}`,
  "init.exists": (p) => `${str(p.file)} existiert und wurde nicht überschrieben: --force ersetzt sie, oder --out DATEI`,
  "init.usage": () =>
    "Aufruf: cascade init [--engine unix:///var/run/docker.sock|tcp://HOST:PORT|ssh://BENUTZER@HOST] [--tlscacert DATEI --tlscert DATEI" +
    " --tlskey DATEI] [--ssh-key DATEI] [--dashboards DIR] [--out DATEI] [--force]",
  "init.header": (p) =>
    `Geschrieben von cascade init am ${str(p.date)} aus dem, was die Engine jetzt ausführt. Schlüssel: docs/configuration.md.`,
};
