// node --conditions=react-server --import tsx tests/bench/scale-profile.ts [--keep-profile DIR]
// Where a warm collection's time goes on issue 11's busy host: builds the fixture (tests/support/scale-fixture.ts),
// runs collectBoard + the diagnosis in this process (as the board's server does), times each part on its own, writes
// a V8 CPU profile of the warm collections, and removes the fixture (also on SIGINT/SIGTERM). Run it under
// /work/wt/docker-lock.sh where several sessions share one Docker engine. Never asserted by a test.
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { collectBoard } from "@/server/collect/collect-board";
import { collectEngines } from "@/server/collect/collect-engines";
import { diagnoseTimed } from "@/server/collect/diagnose-timed";
import { loadSettings } from "@/server/config/settings";
import { getDocker, listAllContainers } from "@/server/upstreams/docker/client";
import { listMetricNames, listTargets } from "@/server/upstreams/prometheus/client";
import { buildScaleFixture, ISSUE_SIZE } from "../support/scale-fixture";

const ROUNDS = Number(process.env.PROFILE_ROUNDS || 8);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timeIt<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main() {
  const profileDir = process.argv[process.argv.indexOf("--keep-profile") + 1] ?? "/tmp";
  const fixture = await buildScaleFixture(ISSUE_SIZE);
  const interrupted = () => void fixture.remove().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    process.env.CASCADE_DATA_DIR = path.join(fixture.dir, "data");
    const settings = loadSettings(["--config", fixture.configPath]);
    const config = settings.config;
    const options = { configDir: path.dirname(fixture.configPath) };
    const prometheus = { url: fixture.prometheusUrl, timeoutMs: config.timeouts.upstreamMs };
    const docker = getDocker(config.docker);
    for (let warmup = 0; warmup < 2; warmup++) {
      const observation = await collectBoard(config, options);
      diagnoseTimed(observation, new Date(), { ignore: config.ignore });
      console.log(
        `warm-up ${warmup + 1}: durationMs ${observation.collection.durationMs} ${JSON.stringify(observation.collection.upstreamMs)}`,
      );
    }
    const parts: Record<string, number[]> = { list: [], targets: [], names: [], docker: [], collect: [], diagnosis: [] };
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(1_100);
      parts.list!.push(await timeIt(() => listAllContainers(docker, 10_000)));
      parts.targets!.push(await timeIt(() => listTargets(prometheus)));
      parts.names!.push(await timeIt(() => listMetricNames(prometheus)));
      parts.docker!.push(await timeIt(() => collectEngines(config, options.configDir)));
      const observation = await collectBoard(config, options);
      const diagnosis = diagnoseTimed(observation, new Date(), { ignore: config.ignore });
      parts.collect!.push(observation.collection.durationMs);
      parts.diagnosis!.push(diagnosis.collection.diagnosisMs ?? Number.NaN);
      console.log(
        `round ${round + 1}: durationMs ${observation.collection.durationMs} diagnosisMs ${diagnosis.collection.diagnosisMs} ` +
          `${JSON.stringify(observation.collection.upstreamMs)} queries ${JSON.stringify(observation.collection.queries)}`,
      );
    }
    const { profile } = await session.post("Profiler.stop");
    const file = path.join(profileDir, `scale-collect-${Date.now()}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`profile: ${file}`);
    for (const [name, values] of Object.entries(parts)) console.log(`${name.padEnd(10)} median ${median(values).toFixed(0)} ms`);
  } finally {
    await fixture.remove();
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
