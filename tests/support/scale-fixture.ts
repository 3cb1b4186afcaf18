// The busy host of issue 11, built for real and removed again: 500 watched containers (20 exited) on the real dockerd,
// a real Prometheus (Debian's binary) with 2,000 scrape targets (1,999 down in job `fleet`, one node exporter in job
// `node`), 100 generated dashboards of 20 panels (2,000 distinct queries) and a cascade.yaml. Loopback only.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { mapWithLimit } from "@/lib/async/limit";
import { ROOT } from "./demo-stack";

const run = promisify(execFile);
export const SCALE_IMAGE = "cascade-demo-base:latest";
export const SCALE_LABEL = "cascade.scale";

export interface ScaleSize {
  containers: number;
  exited: number;
  downTargets: number;
  dashboards: number;
  panels: number;
  /** Dashboards (the first ones) whose panels read node_* metrics; the rest read metrics that do not exist. */
  nodeDashboards: number;
}

export const ISSUE_SIZE: ScaleSize = { containers: 500, exited: 20, downTargets: 1_999, dashboards: 100, panels: 20, nodeDashboards: 15 };

export interface ScaleFixture {
  dir: string;
  configPath: string;
  prometheusUrl: string;
  containerNames: string[];
  remove: () => Promise<void>;
}

const PROMETHEUS_PORT = 29090;
const NODE_EXPORTER_PORT = 29100;
/** The down targets point at these loopback ports, where nothing listens. */
const FIRST_CLOSED_PORT = 42_001;

export async function ensureImage() {
  const present = await run("docker", ["image", "inspect", SCALE_IMAGE]).then(
    () => true,
    () => false,
  );
  if (present) return;
  const context = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-image-"));
  fs.copyFileSync(path.join(ROOT, "demo/image/Dockerfile"), path.join(context, "Dockerfile"));
  fs.copyFileSync("/bin/busybox", path.join(context, "busybox"));
  await run("docker", ["build", "-q", "-t", SCALE_IMAGE, context], { env: { ...process.env, DOCKER_BUILDKIT: "0" } });
  fs.rmSync(context, { recursive: true, force: true });
}

/** How long one `docker kill` or `docker rm` of a batch may take before the daemon is taken for hung. */
const REMOVE_TIMEOUT_MS = 120_000;

export async function removeScaleContainers() {
  const { stdout } = await run("docker", ["ps", "-aq", "--filter", `label=${SCALE_LABEL}`]);
  const ids = stdout.split("\n").filter(Boolean);
  // Twenty at a time, killed before they are removed: `docker rm -f` of 100 running containers at once has hung this
  // daemon (--bridge=none) twice, and of 20 once. A call that hangs is given up after two minutes with what to do.
  for (let start = 0; start < ids.length; start += 20) {
    const batch = ids.slice(start, start + 20);
    try {
      await run("docker", ["kill", ...batch], { timeout: REMOVE_TIMEOUT_MS }).catch((error: { killed?: boolean }) => {
        if (error.killed) throw error; // hung; an already exited container is not an error here
      });
      await run("docker", ["rm", "-f", ...batch], { timeout: REMOVE_TIMEOUT_MS });
    } catch (error) {
      throw new Error(
        `dockerd did not remove the fixture's containers within ${REMOVE_TIMEOUT_MS / 1000} s (${(error as Error).message.split("\n")[0]}). ` +
          `Restart dockerd, then: docker ps -aq --filter label=${SCALE_LABEL} | xargs -r -n 20 docker rm -f`,
      );
    }
  }
}

async function startContainers(size: ScaleSize, tag: string): Promise<string[]> {
  const names = Array.from({ length: size.containers }, (_, index) => `sc-${index}`);
  const every = Math.floor(size.containers / size.exited);
  await mapWithLimit(names, 6, async (name, index) => {
    const exits = index % every === 0 && index / every < size.exited;
    const command = exits ? ["sh", "-c", "echo 'fatal: cannot open /data/queue.db: no such file' >&2; exit 3"] : ["sleep", "2147483647"];
    await run("docker", [
      "run",
      "-d",
      "--name",
      name,
      "--network",
      "host",
      "--restart",
      "no",
      "--label",
      `${SCALE_LABEL}=${tag}`,
      "--label",
      "com.docker.compose.project=fleet",
      SCALE_IMAGE,
      ...command,
    ]);
  });
  return names;
}

function prometheusConfig(size: ScaleSize): string {
  const fleet = Array.from({ length: size.downTargets }, (_, index) => `'127.0.0.1:${FIRST_CLOSED_PORT + index}'`).join(", ");
  return [
    "global: { scrape_interval: 15s, scrape_timeout: 1s }",
    "scrape_configs:",
    `  - job_name: node\n    static_configs: [{ targets: ['127.0.0.1:${NODE_EXPORTER_PORT}'] }]`,
    `  - job_name: fleet\n    static_configs: [{ targets: [${fleet}] }]`,
    "",
  ].join("\n");
}

function dashboard(index: number, size: ScaleSize) {
  const node = index < size.nodeDashboards;
  const panels = Array.from({ length: size.panels }, (_, panel) => {
    const n = index * size.panels + panel;
    const expr = node
      ? `sum by (mode) (rate(node_cpu_seconds_total{job="node"}[1m])) * ${n + 1}`
      : `sum(rate(fleet_worker_${index}_requests_${panel}_total{job="fleet"}[5m]))`;
    return {
      id: panel + 1,
      type: "timeseries",
      title: `Panel ${panel + 1}`,
      gridPos: { h: 8, w: 12, x: (panel % 2) * 12, y: Math.floor(panel / 2) * 8 },
      datasource: { type: "prometheus", uid: "prom" },
      targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr }],
    };
  });
  const uid = node ? `node-${index}` : `fleet-${index}`;
  return { uid, title: `${node ? "Node" : "Fleet"} ${index}`, schemaVersion: 39, panels };
}

async function waitFor(what: string, seconds: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${seconds} s`);
}

function spawnDaemon(command: string, args: string[], log: string): ChildProcess {
  const out = fs.openSync(log, "a");
  return spawn(command, args, { stdio: ["ignore", out, out], detached: true });
}

/** Builds the whole fixture; on any failure removes what it made and rethrows. */
export async function buildScaleFixture(size: ScaleSize = ISSUE_SIZE, log: (line: string) => void = console.log): Promise<ScaleFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-scale-"));
  const tag = path.basename(dir);
  const daemons: ChildProcess[] = [];
  const remove = async () => {
    for (const daemon of daemons) if (daemon.exitCode === null && daemon.pid) process.kill(daemon.pid, "SIGTERM");
    await Promise.all(daemons.map((daemon) => (daemon.exitCode === null ? new Promise((resolve) => daemon.once("exit", resolve)) : null)));
    await removeScaleContainers();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await removeScaleContainers(); // left over by an interrupted run
    await ensureImage();
    const started = performance.now();
    const containerNames = await startContainers(size, tag);
    log(`fixture: ${containerNames.length} containers started in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    fs.writeFileSync(path.join(dir, "prometheus.yml"), prometheusConfig(size));
    daemons.push(
      spawnDaemon(
        "/usr/bin/prometheus-node-exporter",
        [`--web.listen-address=127.0.0.1:${NODE_EXPORTER_PORT}`],
        path.join(dir, "node.log"),
      ),
      spawnDaemon(
        "/usr/bin/prometheus",
        [
          `--config.file=${path.join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
          `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
        ],
        path.join(dir, "prometheus.log"),
      ),
    );
    const prometheusUrl = `http://127.0.0.1:${PROMETHEUS_PORT}`;
    await waitFor("Prometheus ready", 60, async () => (await fetch(`${prometheusUrl}/-/ready`)).ok);
    // Every target scraped once (none "unknown") and the node exporter's metrics in: the board then sees a settled host.
    await waitFor("the first scrape of every target", 90, async () => {
      const body = (await (await fetch(`${prometheusUrl}/api/v1/targets?state=active`)).json()) as {
        data: { activeTargets: { health: string; labels: { job: string } }[] };
      };
      const targets = body.data.activeTargets;
      return targets.length === size.downTargets + 1 && targets.every((target) => target.health !== "unknown");
    });

    const dashboardsDir = path.join(dir, "dashboards");
    fs.mkdirSync(dashboardsDir);
    for (let index = 0; index < size.dashboards; index++) {
      const json = dashboard(index, size);
      fs.writeFileSync(path.join(dashboardsDir, `${json.uid}.json`), JSON.stringify(json));
    }
    const configPath = path.join(dir, "cascade.yaml");
    fs.writeFileSync(
      configPath,
      [
        "containers:",
        ...containerNames.map((name) => `  - name: ${name}`),
        "prometheus:",
        `  url: ${prometheusUrl}`,
        "grafana:",
        `  dashboardsDir: ${dashboardsDir}`,
        "",
      ].join("\n"),
    );
    return { dir, configPath, prometheusUrl, containerNames, remove };
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
}
