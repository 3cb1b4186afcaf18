// Records real observations of broken stacks as JSON fixtures, so that lib/diagnosis can be tested table-driven on
// what Docker and Prometheus really answer (tests/fixtures/observations/README.md says how each one was made).
//
//   cd /work/main && node --conditions=react-server --import tsx tests/support/record-observations.ts [scenario...]
//
// `--import tsx` resolves the `@/` alias from tsconfig.json; `--conditions=react-server` selects the empty export of
// `server-only`, so the server/ modules load outside Next.js (the same way `npm run bench` runs). With no argument
// every scenario is recorded, the demo stack's `healthy` and `incident` last: those drive demo/stack.sh, so nothing
// else (a CI run, `npm test`) may be using the demo stack at the same time.
//
// Each scenario starts its own containers (named cascade-rec-*, labelled cascade.rec=1, --network host, listening on
// 127.0.0.1 only: Prometheus on 19190-19199, HTTP services on 18890-18899), polls collectBoard itself until the state
// is reached (bounded), writes tests/fixtures/observations/<scenario>.json, then removes its containers and temp dir.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { describeObservation } from "./observation-facts";
import { SCENARIOS } from "./observation-scenarios";

const ROOT = path.resolve(__dirname, "../..");
const OUT_DIR = path.join(ROOT, "tests/fixtures/observations");
const WORK_ROOT = path.join(os.tmpdir(), "cascade-rec");
const IMAGE = "cascade-demo-base:latest";
const LABEL = "cascade.rec=1";
/** The host's programs, read-only: the image is busybox on scratch. */
const HOST_MOUNTS = ["-v", "/usr:/usr:ro", "-v", "/lib:/lib:ro", ...(fs.existsSync("/lib64") ? ["-v", "/lib64:/lib64:ro"] : [])];

const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

export interface Scenario {
  name: string;
  /** How the state is produced, in one line. */
  how: string;
  record(kit: RecordingKit): Promise<Observation>;
  /** The key facts the fixture shows, in words (printed after recording). */
  facts(observation: Observation): string[];
}

export interface PanelSpec {
  title: string;
  expr: string;
  type?: string;
}

/** What a scenario may do; everything it starts is removed when it ends, whatever happens. */
export class RecordingKit {
  readonly workDir: string;
  readonly startedAt = Date.now();
  readonly root = ROOT;
  readonly hostMounts = HOST_MOUNTS;
  readonly sleep = sleep;
  private containers: string[] = [];

  constructor(readonly scenario: string) {
    this.workDir = path.join(WORK_ROOT, scenario);
    fs.rmSync(this.workDir, { recursive: true, force: true });
    fs.mkdirSync(this.workDir, { recursive: true });
  }

  log(message: string) {
    log(`${this.scenario}: ${message}`);
  }

  async docker(...args: string[]): Promise<string> {
    const { stdout } = await exec("docker", args, { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  }

  /** The container's log lines since a time, stdout and stderr (Prometheus logs to stderr). */
  async logs(name: string, since: Date): Promise<string[]> {
    const args = ["logs", "--since", since.toISOString(), name];
    const { stdout, stderr } = await exec("docker", args, { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 });
    return `${stdout}${stderr}`.split("\n");
  }

  async demo(command: "up" | "heal" | "incident"): Promise<void> {
    await exec("bash", [path.join(ROOT, "demo/stack.sh"), command], { cwd: ROOT, timeout: 280_000 });
  }

  /** `docker run -d` on the demo image with host networking; the container is removed when the scenario ends. */
  async run(name: string, args: string[], command: string[] = []): Promise<void> {
    await this.docker("rm", "-f", name).catch(() => "");
    this.containers.push(name);
    await this.docker("run", "-d", "--name", name, "--network", "host", "--label", LABEL, ...args, IMAGE, ...command);
  }

  dir(...parts: string[]): string {
    const dir = path.join(this.workDir, ...parts);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** prometheus.yml scraping itself (and `jobs`) every second. */
  prometheusConfig(port: number, jobs: Record<string, string[]> = {}): string {
    const scrapeConfigs = Object.entries({ prometheus: [`127.0.0.1:${port}`], ...jobs }).map(([job, targets]) => ({
      job_name: job,
      static_configs: [{ targets }],
    }));
    return YAML.stringify({
      global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
      scrape_configs: scrapeConfigs,
    });
  }

  /**
   * Debian's Prometheus in a container: its config folder (not the file, so a rewrite is seen) is mounted read-only
   * at /etc/prometheus, its storage is a folder of the scenario's temp dir. Answers the config folder.
   */
  async prometheus(name: string, port: number, options: { config?: string; flags?: string[] } = {}): Promise<string> {
    const configDir = this.dir(name, "config");
    fs.writeFileSync(path.join(configDir, "prometheus.yml"), options.config ?? this.prometheusConfig(port));
    await this.run(
      name,
      [
        "--restart",
        "no",
        ...HOST_MOUNTS,
        "-v",
        `${configDir}:/etc/prometheus:ro`,
        "-v",
        `${this.dir(name, "data")}:/prometheus`,
        "--entrypoint",
        "/usr/bin/prometheus",
      ],
      [
        "--config.file=/etc/prometheus/prometheus.yml",
        "--storage.tsdb.path=/prometheus",
        `--web.listen-address=127.0.0.1:${port}`,
        ...(options.flags ?? []),
      ],
    );
    return configDir;
  }

  /** One dashboard file in today's Grafana schema (schemaVersion 39), every panel on one Prometheus datasource. */
  writeDashboard(uid: string, title: string, panels: PanelSpec[]): string {
    const dir = this.dir("dashboards");
    const datasource = { type: "prometheus", uid: "prometheus" };
    const dashboard = {
      uid,
      title,
      schemaVersion: 39,
      version: 1,
      editable: true,
      time: { from: "now-1h", to: "now" },
      templating: { list: [] },
      panels: panels.map((panel, index) => ({
        id: index + 1,
        type: panel.type ?? "timeseries",
        title: panel.title,
        datasource,
        gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
        targets: [{ refId: "A", datasource, expr: panel.expr, range: true, editorMode: "code" }],
        fieldConfig: { defaults: {}, overrides: [] },
        options: {},
      })),
    };
    fs.writeFileSync(path.join(dir, `${uid}.json`), `${JSON.stringify(dashboard, null, 2)}\n`);
    return dir;
  }

  /** One collection, with a config given as an object (or YAML text) read as `<scenario>.yaml` in `configDir`. */
  async collect(config: object | string, configDir = this.workDir): Promise<Observation> {
    const text = typeof config === "string" ? config : YAML.stringify(config);
    return collectBoard(parseConfig(text, `${this.scenario}.yaml`), { configDir });
  }

  /** Collects until `reached` holds; throws with the last observation's facts when the deadline passes. */
  async collectUntil(
    what: string,
    config: object | string,
    reached: (observation: Observation) => boolean,
    options: { timeoutMs?: number; intervalMs?: number; configDir?: string } = {},
  ): Promise<Observation> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const observation = await this.collect(config, options.configDir);
      if (reached(observation)) return observation;
      if (Date.now() > deadline)
        throw new Error(
          `${what}: not reached within ${options.timeoutMs ?? 60_000} ms; last observation: ${describeObservation(observation)}`,
        );
      await sleep(options.intervalMs ?? 500);
    }
  }

  /** Polls `check` until it answers true. */
  async waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, intervalMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
      await sleep(intervalMs);
    }
  }

  /** An HTTP answer as status and body; a network failure is `status: null`. */
  async http(url: string, init: RequestInit = {}): Promise<{ status: number | null; body: string }> {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      return { status: null, body: String((error as Error).cause ?? error) };
    }
  }

  async teardown(): Promise<void> {
    for (const name of this.containers.reverse()) {
      // A paused container cannot always be removed at once; unpausing a running one fails harmlessly.
      await this.docker("unpause", name).catch(() => "");
      await this.docker("rm", "-f", name).catch((error: Error) => this.log(`could not remove ${name}: ${error.message}`));
    }
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

/**
 * The Docker event feed replays the last hour of events for the watched names, which would bring in earlier
 * recordings of the same scenario; the fixture keeps the events since this scenario began.
 */
function sinceStart(observation: Observation, startedAt: number): Observation {
  return { ...observation, timeline: observation.timeline.filter((event) => Date.parse(event.time) >= startedAt) };
}

async function removeLeftovers(): Promise<void> {
  const { stdout } = await exec("docker", ["ps", "-aq", "--filter", `label=${LABEL}`]);
  const ids = stdout.split("\n").filter(Boolean);
  for (const id of ids) await exec("docker", ["rm", "-f", id]).catch(() => undefined);
}

async function recordScenario(scenario: Scenario): Promise<boolean> {
  await removeLeftovers();
  const kit = new RecordingKit(scenario.name);
  const started = Date.now();
  kit.log(scenario.how);
  try {
    const observation = sinceStart(await scenario.record(kit), kit.startedAt);
    const checked = observationSchema.safeParse(observation);
    if (!checked.success) throw new Error(`the observation does not match the schema: ${checked.error.message}`);
    const file = path.join(OUT_DIR, `${scenario.name}.json`);
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(observation, null, 2)}\n`);
    kit.log(`wrote ${path.relative(ROOT, file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const fact of scenario.facts(observation)) kit.log(`  ${fact}`);
    return true;
  } catch (error) {
    kit.log(`FAILED: ${(error as Error).message}`);
    return false;
  } finally {
    await kit.teardown();
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(", ")}\nknown: ${SCENARIOS.map((scenario) => scenario.name).join(", ")}`);
    process.exit(2);
  }
  const chosen = wanted.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => wanted.includes(scenario.name));
  const started = Date.now();
  const failed: string[] = [];
  for (const scenario of chosen) if (!(await recordScenario(scenario))) failed.push(scenario.name);
  log(
    `${chosen.length - failed.length} recorded, ${failed.length} failed${failed.length ? ` (${failed.join(", ")})` : ""} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  fs.rmSync(WORK_ROOT, { recursive: true, force: true });
  // The Docker event feed keeps a connection open: leave explicitly.
  process.exit(failed.length === 0 ? 0 : 1);
}

process.on("SIGINT", () => {
  log("interrupted: removing the cascade-rec containers");
  void removeLeftovers().finally(() => process.exit(130));
});

void main();
