// The broken stacks recorded by record-observations.ts, one per fixture in tests/fixtures/observations/. Each one
// produces its state for real (docker stop, an OOM kill, a broken config...) and waits for it by polling the
// collection itself, so the fixture is exactly what collectBoard saw.
import fs from "node:fs";
import path from "node:path";
import type { Observation } from "@/lib/contracts/board";
import { containerFacts, endpointFacts, logFact, panelFacts, prometheusFacts, timelineFacts } from "./observation-facts";
import type { RecordingKit, Scenario } from "./record-observations";
import { RULE_SCENARIOS } from "./rule-scenarios";

const PROMETHEUS = "cascade-rec-prometheus";

/** The config of a stack whose one watched container runs Prometheus. */
function prometheusStack(port: number, extra: object = {}) {
  return { containers: [{ name: PROMETHEUS }], prometheus: { url: `http://127.0.0.1:${port}`, container: PROMETHEUS }, ...extra };
}

const container = (o: Observation, name: string) => o.containers.find((c) => c.name === name);
const selfScraped = (o: Observation) => o.prometheus?.targets.some((t) => t.job === "prometheus" && t.health === "up") ?? false;
const panelStatuses = (o: Observation) => o.dashboards.flatMap((d) => d.panels.map((p) => p.status));
const events = (o: Observation, kind: string) => o.timeline.filter((e) => e.kind === kind);

/** A small dashboard on Prometheus's own metrics. */
function writePrometheusDashboard(kit: RecordingKit) {
  kit.writeDashboard("cascade-rec-prometheus-overview", "Prometheus overview", [
    { title: "Targets up", expr: "up", type: "stat" },
    { title: "Prometheus version", expr: "prometheus_build_info", type: "table" },
  ]);
}

/** Starts Prometheus with the overview dashboard and waits until it has scraped itself. */
async function healthyPrometheus(kit: RecordingKit, port: number, extra: object = {}, flags: string[] = []) {
  await kit.prometheus(PROMETHEUS, port, { flags });
  writePrometheusDashboard(kit);
  const config = prometheusStack(port, { grafana: { dashboardsDir: "dashboards" }, ...extra });
  await kit.collectUntil("Prometheus ready and scraped", config, (o) => o.prometheus?.ready === true && selfScraped(o));
  return config;
}

/** Text-format /metrics by hand: no library needed inside the container. */
const ORDERS_API = `
const http = require("http");
let processed = 0;
http.createServer((req, res) => {
  if (req.url !== "/metrics") { res.writeHead(404); return res.end("not found\\n"); }
  processed += 3;
  res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
  res.end("# HELP orders_processed_total Orders processed.\\n# TYPE orders_processed_total counter\\norders_processed_total " + processed +
    "\\n# HELP orders_queue_depth Orders waiting.\\n# TYPE orders_queue_depth gauge\\norders_queue_depth 4\\n");
}).listen(18893, "127.0.0.1", () => console.log("orders-api: serving /metrics on 127.0.0.1:18893"));
process.on("SIGTERM", () => { console.log("orders-api: SIGTERM received, shutting down"); process.exit(0); });`;

/** Many series, new values on every scrape: fills Prometheus's WAL so that its replay takes a while. */
const LOAD_GENERATOR = `
const http = require("http");
const series = Number(process.env.SERIES);
http.createServer((req, res) => {
  const now = Date.now() / 1000;
  const lines = ["# TYPE load_generator_value gauge"];
  for (let i = 0; i < series; i++) lines.push('load_generator_value{shard="' + (i % 64) + '",id="' + i + '"} ' + ((now + i) % 997).toFixed(3));
  res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
  res.end(lines.join("\\n") + "\\n");
}).listen(18890, "127.0.0.1");`;

const SERIES = Number(process.env.REC_SERIES || 100_000);
const LOAD_SECONDS = Number(process.env.REC_LOAD_SECONDS || 30);

export const SCENARIOS: Scenario[] = [
  {
    name: "docker-unreachable",
    how: "docker.socketPath points at a socket that does not exist",
    record: (kit) =>
      kit.collect({ docker: { socketPath: "/run/cascade-rec/no-such-docker.sock" }, containers: [{ name: "cascade-rec-api" }] }),
    facts: (o) => [`docker: reachable ${o.docker.reachable}, error "${o.docker.error}"`, ...containerFacts(o)],
  },
  {
    name: "container-missing",
    how: "watches a container name Docker does not know",
    async record(kit) {
      await kit.docker("rm", "-f", "cascade-rec-no-such-container").catch(() => "");
      return kit.collect({ containers: [{ name: "cascade-rec-no-such-container" }] });
    },
    facts: (o) => [`docker: reachable ${o.docker.reachable}, version ${o.docker.version}`, ...containerFacts(o)],
  },
  {
    name: "container-not-started",
    how: "a container made with docker create and never started (state created)",
    async record(kit) {
      const name = "cascade-rec-created";
      await kit.docker("rm", "-f", name).catch(() => "");
      await kit.docker("create", "--name", name, "--label", "cascade.rec=1", "cascade-demo-base:latest", "sleep", "3600");
      const observation = await kit.collect({ containers: [{ name }] });
      await kit.docker("rm", "-f", name).catch(() => "");
      return observation;
    },
    facts: (o) => containerFacts(o),
  },
  {
    name: "container-exited-sigterm",
    how: "Prometheus (restart policy no) stopped with docker stop: SIGTERM, exit 0; its dashboard's panels unreachable",
    async record(kit) {
      const config = await healthyPrometheus(kit, 19190);
      await kit.docker("stop", PROMETHEUS);
      return kit.collectUntil(
        "Prometheus exited after SIGTERM",
        config,
        (o) =>
          container(o, PROMETHEUS)?.state === "exited" && events(o, "die").length > 0 && panelStatuses(o).every((s) => s === "unreachable"),
      );
    },
    facts: (o) => [...containerFacts(o), ...logFact(o, /SIGTERM/), ...prometheusFacts(o), ...panelFacts(o), ...timelineFacts(o)],
  },
  {
    name: "container-oom-killed",
    how: "node allocating 8 MB every 50 ms under --memory 48m --memory-swap 48m",
    async record(kit) {
      const name = "cascade-rec-ingest";
      const config = { containers: [{ name }] };
      await kit.run(
        name,
        ["--restart", "no", "--memory", "48m", "--memory-swap", "48m", ...kit.hostMounts, "--entrypoint", "/usr/bin/node"],
        ["-e", "const a=[];setInterval(()=>a.push(Buffer.alloc(8e6,1)),50)"],
      );
      await kit.collect(config);
      return kit.collectUntil("killed by the kernel", config, (o) => container(o, name)?.oomKilled === true && events(o, "die").length > 0);
    },
    facts: (o) => [...containerFacts(o), ...timelineFacts(o)],
  },
  {
    name: "container-crash-loop",
    how: "a worker that logs an error and exits 1 after 1 s, under --restart always, until it has restarted 3 times",
    async record(kit) {
      const name = "cascade-rec-worker";
      const config = { containers: [{ name }] };
      const script =
        'echo "worker: starting, connecting to the queue at 127.0.0.1:5672"; sleep 1; echo "worker: fatal: dial tcp 127.0.0.1:5672: connect: connection refused" >&2; exit 1';
      await kit.run(name, ["--restart", "always", "--entrypoint", "/bin/sh"], ["-c", script]);
      await kit.collect(config);
      return kit.collectUntil(
        "three restarts",
        config,
        (o) => (container(o, name)?.restartCount ?? 0) >= 3 && events(o, "die").length >= 3,
      );
    },
    facts: (o) => [...containerFacts(o), ...logFact(o, /fatal/), ...timelineFacts(o)],
  },
  {
    name: "container-unhealthy",
    how: "a long-running process whose healthcheck (nc to a port nobody serves) fails every second, 2 retries",
    async record(kit) {
      const name = "cascade-rec-billing";
      const config = { containers: [{ name }] };
      const script =
        'echo "billing: waiting for the database at 127.0.0.1:5432"; while true; do sleep 5; echo "billing: database not reachable, retrying"; done';
      await kit.run(
        name,
        [
          "--restart",
          "no",
          "--health-cmd",
          "nc -w 1 127.0.0.1 18894 </dev/null",
          "--health-interval",
          "1s",
          "--health-timeout",
          "1s",
          "--health-retries",
          "2",
          "--entrypoint",
          "/bin/sh",
        ],
        ["-c", script],
      );
      await kit.collect(config);
      return kit.collectUntil(
        "unhealthy",
        config,
        (o) => container(o, name)?.health?.status === "unhealthy" && events(o, "health_status").length > 0,
      );
    },
    facts: (o) => [...containerFacts(o), ...timelineFacts(o)],
  },
  {
    name: "container-paused",
    how: "Prometheus paused with docker pause: connections open, nothing answers (upstream deadline 500 ms)",
    async record(kit) {
      const config = await healthyPrometheus(kit, 19191, { timeouts: { upstreamMs: 500 } });
      await kit.docker("pause", PROMETHEUS);
      return kit.collectUntil(
        "paused and silent",
        config,
        (o) => container(o, PROMETHEUS)?.state === "paused" && o.prometheus?.reachable === false,
      );
    },
    facts: (o) => [...containerFacts(o), ...prometheusFacts(o), ...panelFacts(o), ...timelineFacts(o)],
  },
  {
    name: "prometheus-config-error-exit",
    how: "Prometheus started with scrape_interval: banana exits at once",
    async record(kit) {
      const broken = kit.prometheusConfig(19192).replace("scrape_interval: 1s", "scrape_interval: banana");
      await kit.prometheus(PROMETHEUS, 19192, { config: broken });
      const config = prometheusStack(19192);
      await kit.collect(config);
      return kit.collectUntil(
        "exited on the config error",
        config,
        (o) =>
          container(o, PROMETHEUS)?.state === "exited" &&
          (container(o, PROMETHEUS)?.logTail.some((l) => l.includes("Error loading config")) ?? false),
      );
    },
    facts: (o) => [...containerFacts(o), ...logFact(o, /Error loading config/), ...prometheusFacts(o), ...timelineFacts(o)],
  },
  {
    name: "prometheus-config-reload-failed",
    how: "a running Prometheus (--web.enable-lifecycle) whose config is broken, then POST /-/reload",
    async record(kit) {
      const port = 19193;
      const config = await healthyPrometheus(kit, port, {}, ["--web.enable-lifecycle"]);
      const file = path.join(kit.workDir, PROMETHEUS, "config", "prometheus.yml");
      fs.writeFileSync(file, kit.prometheusConfig(port).replace("scrape_interval: 1s", "scrape_interval: banana"));
      const reload = await kit.http(`http://127.0.0.1:${port}/-/reload`, { method: "POST" });
      kit.log(`POST /-/reload answered ${reload.status}: ${reload.body.trim()}`);
      return kit.collectUntil(
        "reload failed, still ready",
        config,
        (o) => o.prometheus?.reloadConfigSuccess === false && o.prometheus.ready,
      );
    },
    facts: (o) => [...containerFacts(o), ...logFact(o, /Error reloading config|Loading configuration file failed/), ...prometheusFacts(o)],
  },
  {
    name: "prometheus-not-ready",
    how: `Prometheus restarted after writing ${SERIES} series every second for ${LOAD_SECONDS} s: /-/ready answers 503 during the WAL replay`,
    async record(kit) {
      const port = 19194;
      const generator = "cascade-rec-load-generator";
      await kit.run(
        generator,
        ["--restart", "no", "-e", `SERIES=${SERIES}`, ...kit.hostMounts, "--entrypoint", "/usr/bin/node"],
        ["-e", LOAD_GENERATOR],
      );
      await kit.prometheus(PROMETHEUS, port, { config: kit.prometheusConfig(port, { "load-generator": ["127.0.0.1:18890"] }) });
      const config = prometheusStack(port, { timeouts: { upstreamMs: 1000 } });
      await kit.collectUntil(
        "load generator scraped",
        config,
        (o) => o.prometheus?.targets.some((t) => t.job === "load-generator" && t.health === "up") ?? false,
      );
      kit.log(`filling the WAL for ${LOAD_SECONDS} s`);
      await kit.sleep(LOAD_SECONDS * 1000);
      await kit.docker("stop", generator);
      for (let attempt = 1; attempt <= 3; attempt++) {
        await kit.docker("stop", PROMETHEUS);
        await kit.collect(config);
        const restartedAt = new Date();
        await kit.docker("start", PROMETHEUS);
        const seen = await kit
          .collectUntil(
            "503 on /-/ready",
            config,
            (o) => (o.prometheus?.reachable === true && !o.prometheus.ready) || o.prometheus?.ready === true,
            { timeoutMs: 120_000, intervalMs: 0 },
          )
          .catch(() => null);
        // How long the window was, for the README: Prometheus logs the replay's duration when it is done.
        const replayLine = async () =>
          (await kit.logs(PROMETHEUS, restartedAt).catch(() => [])).find((l) => l.includes("WAL replay completed"));
        await kit.waitFor("WAL replay completed", async () => (await replayLine()) !== undefined, 120_000, 500).catch(() => undefined);
        const replay = (await replayLine())?.match(/total_replay_duration=\S+/)?.[0] ?? "no replay line";
        if (seen && seen.prometheus?.ready === false) {
          kit.log(`attempt ${attempt}: caught /-/ready answering 503 (${replay})`);
          return seen;
        }
        kit.log(`attempt ${attempt}: Prometheus was ready before a collection saw the 503 (${replay})`);
      }
      throw new Error("did not catch Prometheus while not ready in 3 attempts");
    },
    facts: (o) => [...containerFacts(o), ...prometheusFacts(o), ...logFact(o, /replay|Replaying/i)],
  },
  {
    name: "target-down",
    how: "Prometheus scraping itself and 127.0.0.1:18892, where nothing listens; that URL is also a metrics endpoint",
    async record(kit) {
      const port = 19195;
      await kit.prometheus(PROMETHEUS, port, { config: kit.prometheusConfig(port, { "orders-api": ["127.0.0.1:18892"] }) });
      const config = prometheusStack(port, {
        metricsEndpoints: [{ name: "orders-api", url: "http://127.0.0.1:18892/metrics", expect: ["orders_processed_total"] }],
      });
      return kit.collectUntil(
        "target down",
        config,
        (o) =>
          selfScraped(o) &&
          (o.prometheus?.targets.some(
            (t) => t.job === "orders-api" && t.health === "down" && /connection refused/.test(t.lastError ?? ""),
          ) ??
            false),
      );
    },
    facts: (o) => [...prometheusFacts(o), ...endpointFacts(o)],
  },
  {
    name: "metrics-endpoint-unreachable-container-stopped",
    how: "a node service serving /metrics on 127.0.0.1:18893, stopped with docker stop",
    async record(kit) {
      const name = "cascade-rec-orders-api";
      const config = {
        containers: [{ name }],
        metricsEndpoints: [
          { name: "orders-api", url: "http://127.0.0.1:18893/metrics", container: name, expect: ["orders_processed_total"] },
        ],
      };
      await kit.run(name, ["--restart", "no", ...kit.hostMounts, "--entrypoint", "/usr/bin/node"], ["-e", ORDERS_API]);
      await kit.collectUntil("/metrics answering", config, (o) => o.metricsEndpoints[0]?.httpStatus === 200);
      await kit.docker("stop", name);
      return kit.collectUntil(
        "stopped and unreachable",
        config,
        (o) => container(o, name)?.state === "exited" && o.metricsEndpoints[0]?.httpStatus === null && events(o, "die").length > 0,
      );
    },
    facts: (o) => [...containerFacts(o), ...logFact(o, /SIGTERM/), ...endpointFacts(o), ...timelineFacts(o)],
  },
  {
    name: "panel-query-error",
    how: "a running Prometheus and a dashboard with one panel Prometheus rejects (sum(rate(up[5m])) and one good panel",
    async record(kit) {
      await kit.prometheus(PROMETHEUS, 19196);
      kit.writeDashboard("cascade-rec-service-health", "Service health", [
        { title: "Scrape rate", expr: "sum(rate(up[5m])" },
        { title: "Targets up", expr: "up", type: "stat" },
      ]);
      const config = prometheusStack(19196, { grafana: { dashboardsDir: "dashboards" } });
      return kit.collectUntil(
        "one panel in error, one ok",
        config,
        (o) => panelStatuses(o).includes("error") && panelStatuses(o).includes("ok"),
      );
    },
    facts: (o) => [...prometheusFacts(o), ...panelFacts(o)],
  },
  ...RULE_SCENARIOS,
  {
    name: "healthy",
    how: "the demo stack (demo/cascade.yaml) after demo/stack.sh up && heal",
    async record(kit) {
      await kit.demo("up");
      await kit.demo("heal");
      await kit.sleep(10_000);
      return kit.collectUntil(
        "demo stack healthy",
        demoConfig(kit),
        (o) =>
          o.containers.every((c) => c.state === "running") &&
          o.prometheus?.ready === true &&
          o.metricsEndpoints.every((m) => m.httpStatus === 200),
        { configDir: path.join(kit.root, "demo") },
      );
    },
    facts: (o) => [
      ...containerFacts(o),
      ...prometheusFacts(o),
      ...endpointFacts(o),
      ...panelFacts(o).filter((l) => l.startsWith("dashboard")),
    ],
  },
  {
    name: "incident",
    how: "the demo stack after demo/stack.sh incident (Prometheus stopped, /metrics answers 500); healed afterwards",
    async record(kit) {
      await kit.demo("up");
      await kit.demo("heal");
      await kit.collect(demoConfig(kit), path.join(kit.root, "demo"));
      await kit.demo("incident");
      try {
        return await kit.collectUntil(
          "demo incident",
          demoConfig(kit),
          (o) =>
            container(o, "auren-prometheus")?.state === "exited" &&
            o.metricsEndpoints[0]?.httpStatus === 500 &&
            events(o, "die").length > 0,
          { configDir: path.join(kit.root, "demo") },
        );
      } finally {
        await kit.demo("heal");
      }
    },
    facts: (o) => [
      ...containerFacts(o),
      ...logFact(o, /SIGTERM/, "auren-prometheus"),
      ...prometheusFacts(o),
      ...endpointFacts(o),
      ...panelFacts(o).filter((l) => l.startsWith("dashboard")),
      ...timelineFacts(o),
    ],
  },
];

function demoConfig(kit: RecordingKit): string {
  return fs.readFileSync(path.join(kit.root, "demo/cascade.yaml"), "utf8");
}
