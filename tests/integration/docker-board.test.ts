import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { observationSchema } from "@/lib/contracts/board";
import { collectBoard } from "@/server/collect/collect-board";
import { loadConfigFile, parseConfig } from "@/server/config/load";
import { DEMO_CONFIG, demo, docker, dockerLogLines, ROOT } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// A deadline only a fault could reach: on a busy machine a healthy upstream is slow, never "unreachable".
const demoConfig = loadConfigFile(DEMO_CONFIG);
const config = { ...demoConfig, timeouts: { ...demoConfig.timeouts, upstreamMs: 30_000 } };
const options = { configDir: ROOT };

describe("collectBoard against the real demo stack", () => {
  afterAll(() => demo("heal"));

  it("reads both watched containers running, with Docker's own fields", async () => {
    const board = observationSchema.parse(await collectBoard(config, options));
    expect(board.docker.reachable).toBe(true);
    expect(board.docker.version).toMatch(/^\d+\.\d+/);
    const byName = Object.fromEntries(board.containers.map((container) => [container.name, container]));
    for (const name of ["auren-prometheus", "auren-api"]) {
      const container = byName[name]!;
      expect(container.state).toBe("running");
      expect(container.exitCode).toBeNull();
      expect(Date.parse(container.startedAt!)).toBeGreaterThan(0);
      expect(container.restartPolicy).toEqual({ name: "no", maximumRetryCount: 0 });
      expect(container.restartCount).toBe(0);
      expect(container.id).toBe((await docker("inspect", "-f", "{{.Id}}", name)).slice(0, 12));
    }
    // A small stack reads every tail (FRESH_LOG_TAILS_UP_TO); each line is Docker's own, earlier incidents included.
    const logTail = byName["auren-api"]!.logTail;
    expect(logTail.length).toBeGreaterThan(0);
    const written = new Set(await dockerLogLines("auren-api"));
    expect(logTail.filter((line) => !written.has(line))).toEqual([]);
    // Docker's labels come from the container list, for grouping (the demo's containers carry cascade.demo=1).
    expect(byName["auren-api"]!.labels).toMatchObject({ "cascade.demo": "1" });
  });

  it("shows auren-prometheus exited with code 0 and its SIGTERM log line after demo:incident", async () => {
    await demo("incident");
    const board = await collectBoard(config, options);
    const prometheus = board.containers.find((container) => container.name === "auren-prometheus")!;
    expect(prometheus.state).toBe("exited");
    expect(prometheus.exitCode).toBe(0);
    expect(prometheus.oomKilled).toBe(false);
    expect(Date.parse(prometheus.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(prometheus.startedAt!));
    expect(prometheus.logTail.join("\n")).toMatch(/Received SIGTERM, exiting gracefully/);
    // The tail is whatever the container wrote last (earlier files' incidents included): each line is Docker's own.
    const written = new Set(await dockerLogLines("auren-prometheus"));
    expect(prometheus.logTail.filter((line) => !written.has(line))).toEqual([]);
    await demo("heal");
    const healed = await collectBoard(config, options);
    expect(healed.containers.find((container) => container.name === "auren-prometheus")!.state).toBe("running");
  });

  it("reports a watched container that does not exist as missing, not an error", async () => {
    const withGhost = parseConfig("timeouts:\n  upstreamMs: 30000\ncontainers:\n  - name: auren-api\n  - name: auren-ghost\n", "test.yaml");
    const board = await collectBoard(withGhost, options);
    expect(board.containers.map((container) => [container.name, container.state])).toEqual([
      ["auren-api", "running"],
      ["auren-ghost", "missing"],
    ]);
    expect(board.containers[1]!.reason).toContain("auren-ghost");
  });

  it("marks every container unknown, with the reason, when the Docker socket does not exist", async () => {
    const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cascade-")), "no-docker.sock");
    const noDocker = parseConfig(`docker:\n  socketPath: ${socketPath}\ncontainers:\n  - name: auren-api\n`, "test.yaml");
    const board = await collectBoard(noDocker, options);
    expect(board.docker).toMatchObject({ reachable: false, version: null });
    expect(board.docker.error).toMatch(/socket does not exist/);
    expect(board.containers[0]).toMatchObject({ name: "auren-api", state: "unknown" });
    expect(board.containers[0]!.reason).toMatch(/Docker is unreachable/);
  });
});
