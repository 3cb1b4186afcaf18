import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Board, boardSchema } from "@/lib/contracts/board";
import { loadConfigFile } from "@/server/config/load";
import { runCascade } from "../support/board-server";
import { DEMO_CONFIG, demo, ROOT } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// `cascade init` on the real demo stack (two host-network containers, found through the sockets their processes
// listen on) writes a config whose board equals the hand-written demo/cascade.yaml's.

const ENV = { LANG: "C.UTF-8", LC_ALL: "" };

async function checkBoard(config: string): Promise<Board> {
  const check = await runCascade(["check", "--config", config, "--json"], ENV);
  expect(check.stderr).toBe("");
  return boardSchema.parse(JSON.parse(check.stdout));
}

/** What a board is made of, as opposed to what it says about it. */
const partsOf = (board: Board) => ({
  containers: board.containers.map((container) => container.name).sort(),
  prometheus: board.prometheus?.url ?? null,
  endpoints: board.metricsEndpoints.map((endpoint) => [endpoint.name, endpoint.url, endpoint.container]).sort(),
  dashboards: board.dashboards.map((dashboard) => dashboard.uid).sort(),
});

describe("cascade init on the demo stack", () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    await demo("heal");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-init-"));
    out = path.join(dir, "cascade.yaml");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a config whose board equals the hand-written one, and says how it mapped each target", async () => {
    const run = await runCascade(["init", "--dashboards", path.join(ROOT, "demo/grafana/dashboards"), "--out", out], ENV);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Prometheus: auren-prometheus at http://127.0.0.1:19090");
    expect(run.stdout).toContain("Target biometric-api http://127.0.0.1:18888/metrics: served by auren-api (listening socket)");
    expect(run.stdout).toContain("Target prometheus http://127.0.0.1:19090/metrics: Prometheus itself");
    expect(run.stdout).toContain(`Wrote ${out}: 2 containers, 1 metrics endpoints`);

    const written = loadConfigFile(out, {});
    const handWritten = loadConfigFile(DEMO_CONFIG, {});
    expect(written.containers.map((container) => container.name).sort()).toEqual(handWritten.containers.map((c) => c.name).sort());
    expect(written.prometheus).toEqual(handWritten.prometheus);
    expect(written.docker).toEqual(handWritten.docker);
    // What it exports now and the dashboards read: the hand-written expectations among them.
    expect(written.metricsEndpoints[0]!.expect).toEqual(expect.arrayContaining(handWritten.metricsEndpoints[0]!.expect));

    const [fromInit, fromHand] = await Promise.all([checkBoard(out), checkBoard(DEMO_CONFIG)]);
    expect(partsOf(fromInit)).toEqual(partsOf(fromHand));
    expect(partsOf(fromInit).dashboards).toHaveLength(6);
  });

  it("never overwrites a file without --force, and replaces it with --force", async () => {
    fs.writeFileSync(out, "# mine\n");
    const refused = await runCascade(["init", "--out", out], ENV);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`${out} exists and was not overwritten: use --force`);
    expect(fs.readFileSync(out, "utf8")).toBe("# mine\n");

    const forced = await runCascade(["init", "--out", out, "--force", "--lang", "de"], ENV);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("Keine Dashboards");
    expect(loadConfigFile(out, {}).prometheus?.container).toBe("auren-prometheus");
  });

  it("an engine that does not answer or a wrong flag: a clear line and an exit code, nothing written", async () => {
    const missing = path.join(dir, "nothing.yaml");
    const engine = await runCascade(["init", "--engine", `unix://${path.join(dir, "no.sock")}`, "--out", missing], ENV);
    expect(engine.code).toBe(2);
    expect(engine.stdout).toMatch(/Docker engine unix:\/\/.*no\.sock does not answer: .*the Docker socket does not exist/);
    const usage = await runCascade(["init", "--engines", "x"], ENV);
    expect(usage.code).toBe(3);
    expect(usage.stdout).toContain("usage: cascade init");
    expect(fs.existsSync(missing)).toBe(false);
  });
});
