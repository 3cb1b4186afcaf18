// Records real observations of a single-node Swarm on a second engine (tests/support/swarm-engine.ts) as fixtures
// for the diagnosis and the one-judge test: tests/fixtures/observations/swarm-*.json. Never touches the main engine
// beyond one read (GET /info, /services, /nodes) for `swarm-unavailable`.
//
//   node --conditions=react-server --import tsx tests/support/record-swarm-observations.ts
import fs from "node:fs";
import path from "node:path";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import { judgeNode, judgeService } from "@/lib/health/service";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { joinSwarm, SWARM_IMAGE, startSwarmEngine, waitFor } from "./swarm-engine";

const OUT = path.resolve(__dirname, "../fixtures/observations");
const configFor = (socketPath: string, services: string[]) =>
  parseConfig(JSON.stringify({ docker: { socketPath }, services: services.map((name) => ({ name })) }), "swarm.yaml");

function write(name: string, observation: Observation) {
  observationSchema.parse(observation);
  fs.writeFileSync(path.join(OUT, `${name}.json`), `${JSON.stringify(observation, null, 2)}\n`);
  console.log(`wrote ${name}.json`);
}

async function main() {
  write("swarm-unavailable", await collectBoard(configFor("/var/run/docker.sock", ["cascade-web"]), { configDir: OUT }));
  const engine = await startSwarmEngine();
  try {
    const create = (name: string, ...args: string[]) =>
      engine.docker("service", "create", "-d", "--name", name, "--network", "host", ...args);
    await create(
      "cascade-web",
      "--replicas",
      "2",
      "--label",
      "cascade.serves=127.0.0.1:18931",
      SWARM_IMAGE,
      "httpd",
      "-f",
      "-p",
      "127.0.0.1:18931",
    );
    await create("cascade-crash", SWARM_IMAGE, "sh", "-c", "echo 'fatal: cannot open /data/store.db'; exit 3");
    const config = configFor(engine.socketPath, ["cascade-web", "cascade-crash"]);
    const kinds = (observation: Observation) =>
      (observation.services ?? []).map((service) => judgeService(service, new Date(observation.generatedAt)));
    const seen = await waitFor("a degraded web and a failing crash service", 90_000, async () => {
      const observation = await collectBoard(config, { configDir: OUT });
      const [crash, web] = kinds(observation);
      const logged = observation.services?.every((service) => service.tasks.some((task) => task.logTail.length > 0));
      return web === "service-degraded" && crash === "service-task-failing" && logged ? observation : null;
    });
    write("swarm-services-failing", seen);
    // A second engine joins as a worker and stops: the manager reports the node down.
    const worker = await startSwarmEngine({ init: false, suffix: "worker" });
    try {
      await joinSwarm(worker, engine, "worker");
      await engine.docker("service", "rm", "cascade-crash");
      await engine.docker("service", "scale", "-d", "cascade-web=1");
    } finally {
      await worker.stop();
    }
    const down = await waitFor("the worker node down", 120_000, async () => {
      const observation = await collectBoard(configFor(engine.socketPath, ["cascade-web"]), { configDir: OUT });
      const nodes = observation.swarm?.flatMap((swarm) => swarm.nodes) ?? [];
      return nodes.some((node) => judgeNode(node) !== null) ? observation : null;
    });
    write("swarm-node-down", down);
  } finally {
    await engine.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
