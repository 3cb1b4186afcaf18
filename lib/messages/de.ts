import { capitalize } from "@/lib/format/text";
import { actionMessagesDe } from "./actions-de";
import { alertingMessagesDe } from "./alerting-de";
import { deGroups } from "./de-groups";
import type { MessageKey } from "./en";
import { withEngineHintDe as withHint } from "./engine-hints-de";
import { incidentMessagesDe } from "./incidents-de";
import { initMessagesDe } from "./init-de";
import { notifyMessagesDe } from "./notify-de";
import { reasonMessagesDe } from "./reasons-de";
import { recordedFamilyDe, ruleCauseDe, ruleMessagesDe } from "./rules-de";
import { serviceCausesDe, serviceMessagesDe } from "./services-de";
import type { Catalogue, Params, Template, Words } from "./types";

// Deutsch: dieselben Schlüssel wie en.ts (tests/unit/lib/messages.test.ts prüft es), dieselben Fakten.

const str = (value: Params[string] | undefined) => (value === null || value === undefined ? "" : String(value));
const label = (p: Params) => (p.prometheus ? "der Prometheus-Container" : `der Container ${str(p.container)}`);
const title = (p: Params) => {
  const sentence = capitalize(label(p));
  return p.prometheus ? `${sentence} (${str(p.container)})` : sentence;
};
const endpoint = (p: Params, w: Words) => `der Metrik-Endpunkt von ${w.humanize(p.endpoint)}`;
const space = (text: string | null) => (text ? ` ${text}` : "");
const list = (value: Params[string] | undefined) => (Array.isArray(value) ? value.join(", ") : str(value));

const messages: Record<MessageKey, Template> = {
  ...reasonMessagesDe,
  "label.state": () => "Zustand",
  "label.exit-code": () => "Exit-Code",
  "label.oom-killed": () => "OOMKilled",
  "label.restart-policy": () => "Neustart-Richtlinie",
  "label.restart-count": () => "Neustarts",
  "label.docker-error": () => "Docker-Fehler",
  "label.exited-at": () => "Beendet um",
  "label.log": () => "Log",
  "label.docker": () => "Docker",
  "label.engine": () => "Docker-Engine",
  "label.selector": () => "Label-Selektor",
  "label.last-seen-running": () => "Zuletzt laufend gesehen",
  "label.health": () => "Health",
  "label.last-check-output": () => "Ausgabe der letzten Prüfung",
  "label.url": () => "URL",
  "label.error": () => "Fehler",
  "label.http-status": () => "HTTP-Status",
  "label.reload-config-success": () => "reloadConfigSuccess",
  "label.last-good-config": () => "Letzte gültige Konfiguration",
  "label.job": () => "Job",
  "label.last-error": () => "Letzter Fehler",
  "label.last-scrape": () => "Letzter Scrape",
  "label.series-read": () => "Gelesene Serien",
  "label.families-exported-by": (p) => `Von ${str(p.endpoint)} exportierte Familien`,
  "label.member": () => "Mitglied",
  "label.panel": () => "Panel",
  "label.panel-query": (p) => `${str(p.panel)} ${str(p.refId)}`,
  "label.prometheus-error": () => "Prometheus-Fehler",
  "action.start": (p) => `${str(p.container)} starten`,
  "action.restart": (p) => `${str(p.container)} neu starten`,
  "action.set-restart-policy": (p) => `Neustart-Richtlinie von ${str(p.container)} auf ${str(p.policy)} setzen`,
  "action.read-log": (p) =>
    `Das Log von ${str(p.container)} lesen: Der Fehler wiederholt sich bei jedem Start; ein Neustart hilft erst, wenn er behoben ist`,
  "action.recreate": (p) => `${str(p.container)} neu anlegen (z. B. docker compose up -d) oder seinen Namen in cascade.yaml korrigieren`,
  "action.raise-memory": (p) => `Das Speicherlimit von ${str(p.container)} erhöhen oder finden, was wächst`,
  "action.unpause": (p) => `Fortsetzen: docker unpause ${str(p.container)}`,
  "action.start-dockerd": () => "dockerd starten oder docker.socketPath in cascade.yaml korrigieren",
  "action.check-engine": (p) =>
    `dockerd auf der Engine ${str(p.engine)} starten oder ihren Eintrag in docker.engines in cascade.yaml korrigieren`,
  "action.check-prometheus": (p) => `Prüfen, dass Prometheus läuft und unter ${str(p.url)} lauscht`,
  "action.wait-ready": () => "Eine Minute warten; bleibt es nicht bereit, das Prometheus-Log lesen",
  "action.fix-config": () => "Die Konfiguration korrigieren (promtool check config), dann Prometheus neu laden; vorher nicht neu starten",
  "action.add-import": (p) => `Den fehlenden Import von ${str(p.symbol)} im Metrik-Handler ergänzen und neu ausrollen`,
  "action.install-module": (p) =>
    `${str(p.symbol)} im Image des Dienstes installieren (oder den Namen korrigieren, unter dem es importiert wird) und neu ausrollen`,
  "action.fix-symbol": (p) => `Den Code korrigieren, der an ${str(p.symbol)} scheitert, dann neu ausrollen`,
  "action.check-service": (p) => `Den Dienst hinter ${str(p.url)} prüfen`,
  "action.check-job": (p) =>
    `Die Targets des Jobs ${str(p.job)} prüfen (Seite /targets von Prometheus); sind sie stillgelegt, den Job unter ignore: in cascade.yaml eintragen`,
  "action.check-group": (p) =>
    `Die Mitglieder von ${str(p.group)} einzeln prüfen; sind sie stillgelegt, sie unter ignore: in cascade.yaml eintragen`,
  "action.check-target": (p) => `${str(p.scrapeUrl)} prüfen`,
  "action.export-family": (p) =>
    `${str(p.family)}${p.exporter ? ` von ${str(p.exporter)}` : ""} exportieren oder die Panels ändern, die es lesen`,
  "action.fix-queries": (p) => `Die Abfragen in „${str(p.dashboardTitle)}“ korrigieren`,
  "headline.ok": (p, w) => `Alle ${w.count(p.total, "Dashboard", "Dashboards")} funktionieren, und jeder beobachtete Container läuft.`,
  "headline.ok-no-dashboards": () => "Jeder beobachtete Teil des Stacks funktioniert.",
  "headline.only-dashboard": (p) => `Das einzige Dashboard ist ${p.down ? "ausgefallen" : "beeinträchtigt"}`,
  "headline.all-down": (p, w) => `Alle ${w.count(p.total, "Dashboard", "Dashboards")} sind ausgefallen`,
  "headline.some-down": (p, w) =>
    `${str(p.down)} von ${w.count(p.total, "Dashboard", "Dashboards")} ${p.down === 1 ? "ist" : "sind"} ausgefallen${p.degraded ? ` und ${str(p.degraded)} beeinträchtigt` : ""}`,
  "headline.all-degraded": (p, w) => `Alle ${w.count(p.total, "Dashboard", "Dashboards")} sind beeinträchtigt`,
  "headline.some-degraded": (p, w) =>
    `${str(p.degraded)} von ${w.count(p.total, "Dashboard", "Dashboards")} ${p.degraded === 1 ? "ist" : "sind"} beeinträchtigt`,
  "headline.monitoring-down": () => "Das Monitoring ist ausgefallen",
  "headline.degraded": () => "Der Stack ist beeinträchtigt",
  "reason.more-problems": (p, w) => w.count(p.count, "weiteres Problem", "weitere Probleme"),
  "reason.families-not-exported": (p, w) =>
    `${w.count(p.count, "Metrik-Familie", "Metrik-Familien")}, die die Dashboards lesen, ${p.count === 1 ? "wird" : "werden"} nicht exportiert (${list(p.families)})`,
  "reason.queries-rejected": (p, w) => `Prometheus lehnt Abfragen auf ${w.count(p.count, "Dashboard", "Dashboards")} ab`,
  "impact.nothing": () => "Nichts: Jedes Dashboard-Panel, das Prometheus abfragt, liefert Daten.",
  "impact.prometheus-unqueryable": (p) =>
    `Grafana kann Prometheus nicht abfragen, also zeigt jedes Dashboard-Panel einen Fehler statt Daten${p.grafanaSays ? ` (Grafana meldet: „${str(p.grafanaSays)}“)` : ""}.`,
  "impact.metrics-gap": (p) =>
    `Es werden keine Metriken gesammelt: Die Historie hat eine Lücke${p.from ? ` ab ${str(p.from)} UTC` : ""}, bis Prometheus wieder läuft.`,
  "impact.endpoint-no-metrics": (p, w) =>
    `Prometheus bekommt keine Metriken von ${endpoint(p, w).replace(/^der /, "dem ")}${p.url ? ` (${str(p.url)})` : ""}: Seine Panels bleiben leer, auch während Prometheus läuft.`,
  "impact.families-unread": (p, w) =>
    `${w.count(p.panels, "Panel", "Panels")} auf ${w.count(p.dashboards, "Dashboard", "Dashboards")} lesen Metriken, die noch kein Dienst exportiert (${list(p.families)}).`,
  "impact.docker-unknown": () => "Der Zustand der Container ist unbekannt, und das Board kann sie weder starten noch neu starten.",
  "impact.engine-unknown": (p) =>
    `Der Zustand der Container auf der Engine ${str(p.engine)} ist unbekannt, und das Board kann sie weder starten noch neu starten.`,
  "impact.query-errors": () => "Manche Panels zeigen einen Abfragefehler, egal in welchem Zustand der Stack ist.",
  "impact.stale-config": () => "Prometheus läuft mit seiner vorherigen Konfiguration: Die letzte Änderung ist nicht wirksam.",
  "impact.see-causes": () => "Manche Teile des Stacks melden Probleme; siehe die Ursachen.",
  "cli.impact": () => "Auswirkung",
  "cli.root-causes": () => "Grundursachen:",
  "cli.since": () => "seit",
  "cli.evidence": () => "Beleg",
  "cli.likely": () => "wahrscheinlich",
  "cli.fix": () => "Abhilfe",
  "cli.explained": () => "Erklärt durch die Grundursachen oben:",
  ...incidentMessagesDe,
  ...initMessagesDe,
  ...ruleMessagesDe,
  ...alertingMessagesDe,
  ...notifyMessagesDe,
  ...serviceMessagesDe,
  ...actionMessagesDe,
};

export const de: Catalogue = {
  time: {
    justNow: "gerade eben",
    ago: (duration) => `vor ${duration}`,
    in: (duration) => `in ${duration}`,
    units: { second: ["Sekunde", "Sekunden"], minute: ["Minute", "Minuten"], hour: ["Stunde", "Stunden"], day: ["Tag", "Tagen"] },
    and: "und",
  },
  causes: {
    "docker-unreachable": {
      title: () => "Cascade erreicht die Docker Engine nicht, daher ist der Zustand der Container unbekannt.",
      detail: (p) => withHint(p.error ? str(p.error) : "Docker hat nicht geantwortet.", p.errorClass),
      phrase: () => "Docker ist nicht erreichbar",
    },
    "engine-unreachable": {
      title: (p) =>
        `Engine ${str(p.engine)} antwortet nicht: ${Number(p.count) === 1 ? "1 Container" : `${p.count ?? 0} Container`} unbekannt.`,
      detail: (p) => withHint(p.error ? str(p.error) : `Die Docker-Engine ${str(p.engine)} hat nicht geantwortet.`, p.errorClass),
      phrase: (p) => `Engine ${str(p.engine)} antwortet nicht`,
    },
    "container-gone": {
      title: (p) => `${title(p)} ist verschwunden (passte zu ${str(p.selector)}).`,
      detail: (p) => `${str(p.container)} lief zuletzt um ${str(p.lastSeen)}; jetzt gibt es keinen Container dieses Namens.`,
      phrase: (p) => `${label(p)} ist verschwunden`,
    },
    "container-missing": {
      title: (p) => `${title(p)} existiert nicht.`,
      detail: (p) => (p.reason ? str(p.reason) : `Docker hat keinen Container namens ${str(p.container)}.`),
      phrase: (p) => `${label(p)} existiert nicht`,
    },
    "container-not-started": {
      title: (p) => `${title(p)} wurde angelegt, aber nie gestartet.`,
      detail: (p) => `${str(p.container)} existiert (Zustand created), aber sein Prozess lief nie.`,
      phrase: (p) => `${label(p)} wurde nie gestartet`,
    },
    "container-exited": {
      title: (p, w) => `${title(p)} wurde mit Code ${p.exitCode ?? "?"} beendet${w.ago(p.since) ? `, ${w.ago(p.since)}` : ""}.`,
      detail: (p) =>
        `${str(p.container)} läuft nicht (Zustand ${str(p.state)}, Exit-Code ${p.exitCode ?? "unbekannt"}, Neustart-Richtlinie ${p.restartPolicy ?? "unbekannt"}).`,
      phrase: (p, w) =>
        p.exitCode === 0
          ? `${label(p)} wurde${space(w.ago(p.since))} gestoppt`
          : `${label(p)} ist${space(w.ago(p.since))} abgestürzt (Exit ${p.exitCode ?? "?"})`,
    },
    "container-oom-killed": {
      title: (p, w) => `${title(p)} wurde${space(w.ago(p.since))} wegen Speichermangels beendet.`,
      detail: (p) =>
        `Der Kernel hat ${str(p.container)} beendet (Exit ${p.exitCode ?? "?"}, OOMKilled), weil er sein Speicherlimit erreicht hat.`,
      phrase: (p, w) => `${label(p)} hatte${space(w.ago(p.since))} keinen Speicher mehr`,
    },
    "container-restarting": {
      title: (p, w) => `${title(p)} steckt in einer Absturzschleife: bisher ${w.count(p.restarts, "Neustart", "Neustarts")}.`,
      detail: (p) =>
        `Docker startet ${str(p.container)} immer wieder neu (Richtlinie ${str(p.restartPolicy)}), und er beendet sich jedes Mal${list(p.exitCodes) ? ` (Exit ${list(p.exitCodes)})` : ""}.`,
      phrase: (p) => `${label(p)} steckt in einer Absturzschleife`,
    },
    "container-unhealthy": {
      title: (p) => `${title(p)} läuft, besteht aber seine Health-Prüfung nicht.`,
      detail: (p, w) => `Seine Health-Prüfung ist ${w.count(p.failingStreak, "Mal", "Mal")} in Folge fehlgeschlagen.`,
      phrase: (p) => `${label(p)} besteht seine Health-Prüfung nicht`,
    },
    "container-paused": {
      title: (p) => `${title(p)} ist pausiert: Er hält Verbindungen, beantwortet aber nichts.`,
      detail: (p) => `${str(p.container)} wurde mit docker pause eingefroren; seine Prozesse laufen erst nach dem Fortsetzen weiter.`,
      phrase: (p) => `${label(p)} ist pausiert`,
    },
    "prometheus-unreachable": {
      title: () => "Prometheus ist nicht erreichbar, daher kann kein Dashboard es abfragen.",
      detail: (p) => `Unter ${str(p.url)} antwortet nichts: ${p.error ?? "keine Antwort"}.`,
      phrase: () => "Prometheus ist nicht erreichbar",
    },
    "prometheus-not-ready": {
      title: () => "Prometheus antwortet, ist aber nicht bereit: Es startet gerade oder fährt herunter.",
      detail: (p) => (p.error ? str(p.error) : "/-/ready hat nicht mit 200 geantwortet."),
      phrase: () => "Prometheus ist nicht bereit",
    },
    "prometheus-config-error": {
      title: () => "Prometheus konnte seine neueste Konfiguration nicht laden und läuft mit der vorherigen.",
      detail: () => "Das letzte Neuladen der Konfiguration schlug fehl; ein Neustart würde genauso scheitern.",
      phrase: () => "Prometheus konnte seine Konfiguration nicht laden",
    },
    "target-down": {
      title: (p) => `Prometheus kann ${str(p.job)} (${str(p.instance)}) nicht abrufen.`,
      detail: (p) => `${str(p.scrapeUrl)}: ${p.lastError ?? "ausgefallen"}`,
      phrase: (p) => `das Scrape-Ziel ${str(p.scrapeUrl)} ist ausgefallen`,
    },
    "metrics-endpoint-unreachable": {
      title: (p, w) => `${capitalize(endpoint(p, w))} antwortet nicht.`,
      detail: (p) => `${str(p.url)}: ${str(p.error)}`,
      phrase: (p, w) => `${endpoint(p, w)} antwortet nicht`,
    },
    "metrics-endpoint-http-error": {
      title: (p, w) => `${capitalize(endpoint(p, w))} scheitert mit HTTP ${str(p.httpStatus)}, daher bekommt Prometheus von ihm nichts.`,
      detail: (p) => `${str(p.url)}: ${str(p.error)}`,
      phrase: (p, w) => `${endpoint(p, w)} scheitert`,
    },
    "metric-family-missing": {
      title: (p, w) =>
        p.recordedBy
          ? recordedFamilyDe.title(p, w)
          : `Kein Dienst exportiert ${str(p.family)}${p.panels ? `, das ${w.count(p.panels, "Panel", "Panels")} ${p.panels === 1 ? "liest" : "lesen"}` : ""}.`,
      detail: (p, w) =>
        p.recordedBy
          ? recordedFamilyDe.detail()
          : p.exporter
            ? `${capitalize(endpoint({ endpoint: p.exporter }, w))} (${str(p.exporterUrl)}) exportiert es nicht, und Prometheus hat es nie gesehen.`
            : "Prometheus hat es nie gesehen, und kein beobachteter Endpunkt exportiert es.",
      phrase: (p) => str(p.family),
    },
    "panel-query-error": {
      title: (p, w) => `Prometheus lehnt ${w.count(p.queries, "Abfrage", "Abfragen")} auf dem Dashboard „${str(p.dashboardTitle)}“ ab.`,
      detail: (p) => list(p.failures).replace(/, /g, "; "),
      phrase: (p) => str(p.dashboard),
    },
    "rule-evaluation-failing": ruleCauseDe,
    ...serviceCausesDe,
  },
  groups: deGroups,
  messages,
};
