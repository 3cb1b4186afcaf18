import { withEngineHintEn } from "./engine-hints-en";
import type { Param, Template } from "./types";

// English words for `cascade init` (keys shared with init-de.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));

export const initMessagesEn = {
  "init.engine": (p) =>
    `Docker engine ${str(p.engine)}: version ${str(p.version)}, ${str(p.containers)} containers (${str(p.running)} running)`,
  "init.engine.unreachable": (p) => withEngineHintEn(`Docker engine ${str(p.engine)} does not answer: ${str(p.error)}`, p.errorClass),
  "init.swarm.services": (p) =>
    `Swarm manager: ${str(p.services)} services (not written: add the ones to watch under services: in cascade.yaml)`,
  "init.swarm.unavailable": (p) => `Swarm manager: its services could not be listed: ${str(p.error)}`,
  "init.sockets.unavailable": (p) => `Listening sockets of host-network containers not read: ${str(p.reason)}`,
  "init.prometheus.found": (p) => `Prometheus: ${str(p.container)} at ${str(p.url)} (${str(p.targets)} scrape targets)`,
  "init.prometheus.other": (p) => `Another Prometheus, not used: ${str(p.container)} at ${str(p.url)} (edit prometheus: to choose it)`,
  "init.prometheus.none": () => "No Prometheus found: no container runs prometheus or answers /-/ready on its ports",
  "init.prometheus.targets-error": (p) => `Its scrape targets could not be read: ${str(p.error)}`,
  "init.target.mapped": (p) => `Target ${str(p.job)} ${str(p.url)}: served by ${str(p.container)} (${str(p.how)})`,
  "init.target.self": (p) => `Target ${str(p.job)} ${str(p.url)}: Prometheus itself, watched as the Prometheus container`,
  "init.target.unmapped": (p) =>
    `Target ${str(p.job)} ${str(p.url)}: no container found serving it (no published port, socket, name or alias matches); left out`,
  "init.endpoint.expect": (p) => `Endpoint ${str(p.name)}: expects ${str(p.count)} metric names it exports now`,
  "init.endpoint.unreadable": (p) => `Endpoint ${str(p.name)}: ${str(p.url)} could not be read (${str(p.error)}); expect left empty`,
  "init.grafana.dashboards": (p) => `Grafana ${str(p.container)}: dashboards provisioned from ${str(p.dir)}`,
  "init.grafana.no-folder": (p) =>
    `Grafana ${str(p.container)}: no provisioned dashboards folder among its mounts; set grafana.url and grafana.token, or use --dashboards DIR`,
  "init.dashboards": (p) => `Dashboards: ${str(p.files)} files in ${str(p.dir)}, reading ${str(p.metrics)} metric names`,
  "init.dashboards.unreadable": (p) => `Dashboards folder ${str(p.dir)} could not be read: ${str(p.error)}`,
  "init.dashboards.none": () => "No dashboards: no Grafana container with a provisioned folder was found; use --dashboards DIR",
  "init.others": (p) => `${str(p.count)} other containers serve none of these targets and are left out`,
  "init.wrote": (p) =>
    `Wrote ${str(p.file)}: ${str(p.containers)} containers, ${str(p.endpoints)} metrics endpoints. Check it: cascade check --config ${str(p.file)}`,
  "init.exists": (p) => `${str(p.file)} exists and was not overwritten: use --force to replace it, or --out FILE`,
  "init.usage": () =>
    "usage: cascade init [--engine unix:///var/run/docker.sock|tcp://HOST:PORT|ssh://USER@HOST] [--tlscacert FILE --tlscert FILE --tlskey FILE]" +
    " [--ssh-key FILE] [--dashboards DIR] [--out FILE] [--force]",
  "init.header": (p) => `Written by cascade init on ${str(p.date)} from what the engine runs now. Keys: docs/configuration.md.`,
} satisfies Record<string, Template>;
