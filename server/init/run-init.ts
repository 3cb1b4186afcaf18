import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { messageOf } from "@/lib/async/message-of";
import { walkDashboard } from "@/lib/dashboards/walk-dashboard";
import { engineErrorClass } from "@/lib/engines/engine-error";
import { metricNamesOf, parseExposition } from "@/lib/exposition/parse-exposition";
import { runsProgram, urlsOf } from "@/lib/init/map-targets";
import { expectedNames, grafanaDashboardDirs, type PrometheusCandidate, planTargets } from "@/lib/init/plan-config";
import type { DiscoveredContainer } from "@/lib/init/types";
import { type Locale, type Message, makeRenderer } from "@/lib/messages";
import { extractMetricNames } from "@/lib/promql/metric-names";
import { checkLocale } from "@/server/cli/check";
import type { EngineConfig } from "@/server/config";
import { SHORTHAND_ENGINE } from "@/server/config/engines-schema";
import { parseConfig } from "@/server/config/load";
import { readDashboardFiles } from "@/server/upstreams/dashboard-files/client";
import { getEngineDocker } from "@/server/upstreams/docker/engines";
import { fetchUpstream } from "@/server/upstreams/http";
import { checkReady, listTargets } from "@/server/upstreams/prometheus/client";
import { discoverEngine } from "./discover-docker";

// `cascade init [--engine ...] [--dashboards DIR] [--out FILE] [--force]`: inspect the engine, find the Prometheus
// and what serves its targets, the dashboards, and what each endpoint exports now; print what was found and what
// could not be mapped; write a config that `cascade check` accepts, never over an existing file without --force.

export const INIT_EXIT = { written: 0, notWritten: 1, engineUnreachable: 2, usage: 3 } as const;

const TIMEOUT_MS = 3_000;
const PROBE_TIMEOUT_MS = 1_500;
/** Ports probed for a Prometheus when no container names one: bounded, so a host of 500 containers stays quick. */
const MAX_PROBES = 100;

/** The engine `--engine` (and the TLS and ssh flags) name, as one entry of docker.engines. */
type InitEngine = Omit<EngineConfig, "name">;

interface InitArgs {
  engine: InitEngine;
  dashboards: string | null;
  out: string;
  force: boolean;
}

const VALUE_FLAGS = ["--engine", "--dashboards", "--out", "--lang", "--tlscacert", "--tlscert", "--tlskey", "--ssh-key"];

function flagValue(argv: string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/** `--engine` with Docker's TLS flag names (all three or none; tcp:// only) and `--ssh-key` (ssh:// only). */
function parseEngine(argv: string[], cwd: string): InitEngine | null {
  const engine = flagValue(argv, "--engine") ?? "unix:///var/run/docker.sock";
  const file = (flag: string) => {
    const value = flagValue(argv, flag);
    return value ? path.resolve(cwd, value) : undefined;
  };
  const [ca, cert, key, sshKey] = [file("--tlscacert"), file("--tlscert"), file("--tlskey"), file("--ssh-key")];
  const tls = ca && cert && key ? { tls: { ca, cert, key } } : {};
  if ((ca || cert || key) && !("tls" in tls && /^(tcp|https):\/\//.test(engine))) return null;
  if (sshKey && !engine.startsWith("ssh://")) return null;
  if (/^(tcp|http|https):\/\/[^/]+$/.test(engine)) return { host: engine, ...tls };
  if (/^ssh:\/\/[^/]+$/.test(engine)) return { host: engine, ...(sshKey ? { sshKey } : {}) };
  if (engine.startsWith("unix://")) return { socketPath: engine.slice("unix://".length) };
  if (engine.startsWith("/")) return { socketPath: engine };
  return null;
}

export function parseInitArgs(argv: string[], cwd = process.cwd()): InitArgs | null {
  const known = new Set([...VALUE_FLAGS, "--force"]);
  for (const [index, arg] of argv.entries()) {
    const flag = arg.split("=")[0]!;
    const isValue = index > 0 && VALUE_FLAGS.includes(argv[index - 1]!);
    if (!isValue && !known.has(flag)) return null;
  }
  const engine = parseEngine(argv, cwd);
  if (!engine) return null;
  const dashboards = flagValue(argv, "--dashboards");
  return {
    engine,
    dashboards: dashboards ? path.resolve(cwd, dashboards) : null,
    out: path.resolve(cwd, flagValue(argv, "--out") ?? "cascade.yaml"),
    force: argv.includes("--force"),
  };
}

async function answersReady(url: string): Promise<boolean> {
  return checkReady({ url, timeoutMs: PROBE_TIMEOUT_MS }).then(
    (answer) => answer.ready,
    () => false,
  );
}

/** Containers that name prometheus in their image or command, else any whose ports answer /-/ready. */
async function findPrometheus(containers: DiscoveredContainer[]): Promise<PrometheusCandidate[]> {
  const running = containers.filter((container) => container.running);
  const named = running.filter((container) => runsProgram(container, "prometheus"));
  const pool = named.length > 0 ? named : running;
  const probes = pool.flatMap((container) => urlsOf(container).map((url) => ({ container, url }))).slice(0, MAX_PROBES);
  const ready = await Promise.all(probes.map(async (probe) => ((await answersReady(probe.url)) ? probe : null)));
  const first = new Map<string, string>();
  for (const probe of ready) if (probe && !first.has(probe.container.name)) first.set(probe.container.name, probe.url);
  return Promise.all(
    [...first].map(async ([container, url]) => ({
      container,
      url,
      targets: await listTargets({ url, timeoutMs: TIMEOUT_MS }).then(
        (targets) => targets.map((target) => ({ job: target.job, scrapeUrl: target.scrapeUrl })),
        (error: unknown) => ({ error: messageOf(error) }),
      ),
    })),
  );
}

/** The metric names the dashboards in a folder read (template variables substituted). */
async function dashboardMetrics(dir: string): Promise<{ files: number; metrics: Set<string> }> {
  const files = await readDashboardFiles(dir);
  const metrics = new Set<string>();
  for (const file of files) {
    if (!file.json) continue;
    try {
      for (const panel of walkDashboard(file.json).panels) {
        for (const query of panel.queries) for (const name of extractMetricNames(query.resolvedExpr).metrics) metrics.add(name);
      }
    } catch {
      // A file that is not a dashboard reads no metrics; `cascade check` reports it.
    }
  }
  return { files: files.length, metrics };
}

async function exportedNames(url: string, dashboards: Set<string> | null): Promise<string[]> {
  const answer = await fetchUpstream("metrics", url, { timeoutMs: TIMEOUT_MS });
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
  const parse = parseExposition(answer.body, { contentType: answer.contentType });
  return expectedNames(dashboards ? [...metricNamesOf(parse)] : parse.families.map((family) => family.name), dashboards);
}

export async function runInit(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const locale: Locale = checkLocale(argv);
  const { text } = makeRenderer(locale, new Date());
  const say = (message: Message) => print(text(message));
  const args = parseInitArgs(argv);
  if (!args) {
    say({ key: "init.usage", params: {} });
    return INIT_EXIT.usage;
  }
  if (fs.existsSync(args.out) && !args.force) {
    say({ key: "init.exists", params: { file: args.out } });
    return INIT_EXIT.notWritten;
  }
  const engineName = args.engine.host ?? `unix://${args.engine.socketPath}`;
  let discovery: Awaited<ReturnType<typeof discoverEngine>>;
  try {
    const docker = getEngineDocker({ name: SHORTHAND_ENGINE, ...args.engine }, process.cwd());
    discovery = await discoverEngine(docker, { timeoutMs: TIMEOUT_MS, localProc: !args.engine.host });
  } catch (error) {
    const message = messageOf(error);
    say({ key: "init.engine.unreachable", params: { engine: engineName, error: message, errorClass: engineErrorClass(message) } });
    return INIT_EXIT.engineUnreachable;
  }
  const { containers } = discovery;
  const running = containers.filter((container) => container.running).length;
  say({ key: "init.engine", params: { engine: engineName, version: discovery.version, containers: containers.length, running } });
  if (discovery.socketsUnavailable) say({ key: "init.sockets.unavailable", params: { reason: discovery.socketsUnavailable } });
  if (discovery.swarm) say(discovery.swarm);

  const plan = planTargets(await findPrometheus(containers), containers);
  for (const note of plan.notes) say(note);

  const outDir = path.dirname(args.out);
  let dashboardsDir = args.dashboards;
  const watched = [...plan.containers];
  for (const grafana of grafanaDashboardDirs(containers)) {
    watched.push(grafana.container);
    if (grafana.dir) say({ key: "init.grafana.dashboards", params: { container: grafana.container, dir: grafana.dir } });
    else say({ key: "init.grafana.no-folder", params: { container: grafana.container } });
    dashboardsDir ??= grafana.dir;
  }
  let metrics: Set<string> | null = null;
  if (dashboardsDir) {
    try {
      const read = await dashboardMetrics(dashboardsDir);
      metrics = read.metrics;
      say({ key: "init.dashboards", params: { files: read.files, dir: dashboardsDir, metrics: metrics.size } });
    } catch (error) {
      say({ key: "init.dashboards.unreadable", params: { dir: dashboardsDir, error: messageOf(error) } });
      dashboardsDir = null;
    }
  } else say({ key: "init.dashboards.none", params: {} });

  const endpoints = await Promise.all(
    plan.endpoints.map(async (endpoint) => {
      const expect = await exportedNames(endpoint.url, metrics).then(
        (names) => {
          say({ key: "init.endpoint.expect", params: { name: endpoint.name, count: names.length } });
          return names;
        },
        (error: unknown) => {
          say({ key: "init.endpoint.unreadable", params: { name: endpoint.name, url: endpoint.url, error: messageOf(error) } });
          return [];
        },
      );
      return { ...endpoint, expect };
    }),
  );
  const others = running - new Set(watched).size;
  if (others > 0) say({ key: "init.others", params: { count: others } });

  const config = {
    // TLS and ssh engines are written in the engines form; the one-engine shorthand takes a socket or tcp:// only.
    docker:
      args.engine.tls || args.engine.sshKey || args.engine.host?.startsWith("ssh://")
        ? { engines: [{ name: SHORTHAND_ENGINE, ...args.engine }] }
        : args.engine,
    containers: [...new Set(watched)].map((name) => ({ name })),
    ...(plan.prometheus ? { prometheus: { url: plan.prometheus.url, container: plan.prometheus.container } } : {}),
    ...(endpoints.length ? { metricsEndpoints: endpoints } : {}),
    ...(dashboardsDir ? { grafana: { dashboardsDir: path.relative(outDir, dashboardsDir) || "." } } : {}),
  };
  const header = text({ key: "init.header", params: { date: new Date().toISOString().slice(0, 10) } });
  const body = `# ${header}\n# ${engineName} on ${os.hostname()}\n${stringify(config, { lineWidth: 0 })}`;
  parseConfig(body, args.out, {}); // what we write must load: a failure here is a bug, not the user's
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(args.out, body, { flag: args.force ? "w" : "wx" });
  say({ key: "init.wrote", params: { file: args.out, containers: config.containers.length, endpoints: endpoints.length } });
  return INIT_EXIT.written;
}
