import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { partStates, verdictOf } from "@/lib/incidents/verdict";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { bearer, TOKENS } from "../support/auth-board";
import { type RunningBoard, startBoard } from "../support/board-server";
import { docker } from "../support/demo-stack";
import { SECOND_ENGINE_IMAGE, type SecondEngine, startSecondEngine } from "../support/second-engine";

// Two real Docker engines: this machine's dockerd (`local`) and a second dockerd of our own (`edge`,
// tests/support/second-engine.ts). Containers are busybox `sleep` with --network host, listening on nothing.

const PREFIX = "cascade-eng-";
const LABEL = "cascade.eng.watch";
const RECORD = process.env.CASCADE_RECORD_OBSERVATIONS === "1";
const FIXTURES = path.resolve(__dirname, "../fixtures/observations");

let edge: SecondEngine;
let dir: string;
let configFile: string;

const sleeper = (name: string, ...labels: string[]) => [
  "run",
  "-d",
  "--name",
  name,
  "--network",
  "host",
  "--restart",
  "no",
  ...labels.flatMap((label) => ["--label", label]),
  "--entrypoint",
  "/bin/busybox",
  SECOND_ENGINE_IMAGE,
  "sleep",
  "3600",
];

const configText = (socketPath: string, extra = "") => `docker:
  engines:
    - name: local
      socketPath: /var/run/docker.sock
    - name: edge
      socketPath: ${socketPath}
timeouts:
  upstreamMs: 5000
containers:
  - name: ${PREFIX}a
    engine: local
  - name: ${PREFIX}b
    engine: edge
  - name: ${PREFIX}twin
    engine: local
  - name: ${PREFIX}twin
    engine: edge
  - label: ${LABEL}=1
    engine: edge
${extra}`;

async function observe(): Promise<Observation> {
  const config = parseConfig(fs.readFileSync(configFile, "utf8"), configFile, { ...process.env, ...tokenEnv });
  return observationSchema.parse(await collectBoard(config, { configDir: dir }));
}

const tokenEnv = { TEST_OPERATOR_TOKEN: TOKENS.operator, TEST_ADMIN_TOKEN: TOKENS.admin };

function record(name: string, observation: Observation) {
  if (RECORD) fs.writeFileSync(path.join(FIXTURES, `${name}.json`), `${JSON.stringify(observation, null, 2)}\n`);
}

const removeLocal = () => docker("rm", "-f", `${PREFIX}a`, `${PREFIX}twin`).catch(() => "");

beforeAll(async () => {
  await removeLocal();
  edge = await startSecondEngine();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-engines-"));
  configFile = path.join(dir, "cascade.yaml");
  fs.writeFileSync(
    configFile,
    configText(
      edge.socketPath,
      "auth:\n  tokens:\n    - name: otto\n      role: operator\n      token: ${TEST_OPERATOR_TOKEN}\n    - name: ada\n      role: admin\n      token: ${TEST_ADMIN_TOKEN}\n",
    ),
  );
  await docker(...sleeper(`${PREFIX}a`));
  await docker(...sleeper(`${PREFIX}twin`));
  await edge.docker(...sleeper(`${PREFIX}b`));
  await edge.docker(...sleeper(`${PREFIX}twin`));
}, 180_000);

afterAll(async () => {
  await removeLocal();
  await edge?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("several Docker engines", () => {
  it("shows the containers of both engines with their engine, and each engine's status", async () => {
    const observation = await observe();
    expect(observation.engines?.map((engine) => [engine.name, engine.reachable, engine.swarm])).toEqual([
      ["local", true, false],
      ["edge", true, false],
    ]);
    expect(observation.engines?.[1]?.version).toMatch(/^\d+\.\d+/);
    expect(observation.docker).toMatchObject({ reachable: true, version: observation.engines?.[0]?.version });
    const seen = observation.containers.map((container) => [container.engine, container.name, container.state]);
    expect(seen).toEqual([
      ["local", `${PREFIX}a`, "running"],
      ["local", `${PREFIX}twin`, "running"],
      ["edge", `${PREFIX}b`, "running"],
      ["edge", `${PREFIX}twin`, "running"],
    ]);
    const board = diagnoseBoard(observation, new Date());
    expect(board.summary.causes).toEqual([]);
    expect(Object.keys(partStates(board)).filter((part) => part.startsWith("container:"))).toEqual([
      `container:local/${PREFIX}a`,
      `container:local/${PREFIX}twin`,
      `container:edge/${PREFIX}b`,
      `container:edge/${PREFIX}twin`,
    ]);
  });

  it("finds a container started with the watched label without a config change, and reports it gone once removed", async () => {
    const found = `${PREFIX}found`;
    await edge.docker(...sleeper(found, `${LABEL}=1`));
    const withIt = await observe();
    expect(withIt.containers.find((container) => container.name === found)).toMatchObject({
      engine: "edge",
      state: "running",
      selector: `${LABEL}=1`,
    });
    await edge.docker("rm", "-f", found);
    const without = await observe();
    const gone = without.containers.find((container) => container.name === found);
    expect(gone).toMatchObject({ engine: "edge", state: "missing", selector: `${LABEL}=1` });
    expect(Date.parse(gone!.goneSince!)).toBeGreaterThan(Date.now() - 60_000);
    record("container-gone", without);
    const board = diagnoseBoard(without, new Date());
    expect(board.summary.causes.map((cause) => [cause.kind, cause.subject, cause.root])).toEqual([
      ["container-gone", `edge/${found}`, true],
    ]);
    expect(verdictOf(board, board.generatedAt).causes.map((cause) => cause.key)).toEqual([`edge/${found}`]);
  });

  describe("the board's routes", () => {
    let board: RunningBoard;
    beforeAll(async () => {
      board = await startBoard(configFile, { CASCADE_DATA_DIR: path.join(dir, "data"), ...tokenEnv });
    }, 180_000);
    afterAll(() => board?.stop());

    const post = (name: string) =>
      fetch(`${board.url}/api/containers/${name}/restart`, { method: "POST", headers: { ...bearer("operator"), origin: board.url } });
    const startedAt = async (engine: "local" | "edge") =>
      engine === "local"
        ? docker("inspect", "-f", "{{.State.StartedAt}}", `${PREFIX}twin`)
        : edge.docker("inspect", "-f", "{{.State.StartedAt}}", `${PREFIX}twin`);

    it("serves engines[] and each container's engine in the board JSON", async () => {
      const json = await (await fetch(`${board.url}/api/board`, { headers: bearer("admin") })).json();
      expect(json.engines.map((engine: { name: string; reachable: boolean }) => [engine.name, engine.reachable])).toEqual([
        ["local", true],
        ["edge", true],
      ]);
      expect(json.containers.filter((container: { name: string }) => container.name === `${PREFIX}twin`).length).toBe(2);
    });

    it("refuses an ambiguous short name with the keys, and restarts the one engine/name names, audited with the key", async () => {
      const ambiguous = await post(`${PREFIX}twin`);
      expect(ambiguous.status).toBe(409);
      const error = (await ambiguous.json()).error;
      expect(error.code).toBe("container_ambiguous");
      expect(error.message).toContain(`edge/${PREFIX}twin, local/${PREFIX}twin`);

      const [localBefore, edgeBefore] = [await startedAt("local"), await startedAt("edge")];
      const response = await post(encodeURIComponent(`edge/${PREFIX}twin`));
      expect(response.status).toBe(200);
      const result = await response.json();
      expect(result).toMatchObject({ container: `edge/${PREFIX}twin`, action: "restart", outcome: "done" });
      expect(await startedAt("edge")).not.toBe(edgeBefore);
      expect(await startedAt("local")).toBe(localBefore);

      const unique = await post(`${PREFIX}b`);
      expect(unique.status).toBe(200);

      const audit = await (await fetch(`${board.url}/api/audit`, { headers: bearer("admin") })).json();
      const rows = (audit.entries as { requestId: string; subject: string; result: string }[]).filter(
        (entry) => entry.requestId === result.requestId,
      );
      expect(rows.map((row) => [row.subject, row.result]).reverse()).toEqual([
        [`edge/${PREFIX}twin`, "started"],
        [`edge/${PREFIX}twin`, "ok"],
      ]);
    });
  });

  it("marks only the stopped engine's containers unknown, with one engine-unreachable root cause", async () => {
    await edge.kill();
    const observation = await observe();
    record("engine-unreachable", observation);
    expect(observation.engines?.map((engine) => [engine.name, engine.reachable])).toEqual([
      ["local", true],
      ["edge", false],
    ]);
    expect(observation.containers.map((container) => [container.engine, container.name, container.state])).toEqual([
      ["local", `${PREFIX}a`, "running"],
      ["local", `${PREFIX}twin`, "running"],
      ["edge", `${PREFIX}b`, "unknown"],
      ["edge", `${PREFIX}twin`, "unknown"],
    ]);
    const board = diagnoseBoard(observation, new Date());
    const roots = board.summary.causes.filter((cause) => cause.root);
    expect(roots.map((cause) => [cause.kind, cause.subject, cause.params.engine, cause.params.count])).toEqual([
      ["engine-unreachable", "edge", "edge", 2],
    ]);
    expect(board.summary.causes.some((cause) => cause.kind === "docker-unreachable")).toBe(false);
    const parts = partStates(board);
    expect([parts[`container:local/${PREFIX}a`], parts[`container:edge/${PREFIX}b`]]).toEqual(["ok", "unknown"]);
  });
});
