import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observationSchema } from "@/lib/contracts/board";
import { type RunningBoard, runCascade, startBoard } from "../support/board-server";
import { DEMO_CONFIG, demo } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

function tempConfig(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cascade-config-")), "cascade.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("the built board (npm start) on the demo stack", () => {
  let board: RunningBoard;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-data-"));

  beforeAll(async () => {
    board = await startBoard(DEMO_CONFIG, { CASCADE_DATA_DIR: path.join(dataDir, "state") });
  });
  afterAll(async () => {
    await board?.stop();
    await demo("heal");
  });

  it("serves GET /api/board matching the contract, with the containers' live state", async () => {
    const response = await fetch(`${board.url}/api/board`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = observationSchema.parse(await response.json());
    expect(body.containers.map((container) => [container.name, container.state])).toEqual([
      ["auren-prometheus", "running"],
      ["auren-api", "running"],
    ]);
    expect(fs.statSync(path.join(dataDir, "state")).isDirectory()).toBe(true);
  });

  it("shows auren-prometheus exited with exit code 0 after demo:incident", async () => {
    await demo("incident");
    const body = observationSchema.parse(await (await fetch(`${board.url}/api/board`)).json());
    expect(body.containers.find((container) => container.name === "auren-prometheus")).toMatchObject({ state: "exited", exitCode: 0 });
  });

  it("with no tokens configured, answers only to a loopback Host (no DNS rebinding) and ignores non-Bearer Authorization", async () => {
    const port = new URL(board.url).port;
    const statusFor = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request({ host: "127.0.0.1", port, path: "/api/board", headers }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on("error", reject);
        request.end();
      });
    expect(await statusFor({ host: "attacker.example:80" })).toBe(421);
    expect(await statusFor({ host: `localhost:${port}` })).toBe(200);
    expect(await statusFor({ host: `127.0.0.1:${port}`, authorization: "Basic dXNlcjpwYXNz" })).toBe(200);
  });

  it("serves the page with the board already in it: the status in the tab's title and favicon, the headline", async () => {
    await demo("incident");
    const response = await fetch(board.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<title>✗ Down · Cascade</title>");
    expect(html).toMatch(/<link rel="icon" href="\/icons\/status-down\.svg"/);
    expect(html).toMatch(/data-testid="headline"[^>]*>All 6 dashboards are down/);
  });
});

describe("a broken cascade.yaml stops the board before it serves", () => {
  it.each([
    ["an unknown key", "containers:\n  - name: a\n    image: b\n", /cascade\.yaml:3: containers\[0\]\.image: unknown key/],
    ["bad YAML", "containers: [\n", /cascade\.yaml:2: invalid YAML/],
    ["a wrong type", "prometheus:\n  url: [1]\n", /cascade\.yaml:2: prometheus\.url: /],
  ])("exits 3 on %s with one line naming file, line and key", async (_case, text, message) => {
    const result = await runCascade(["serve"], { CASCADE_CONFIG: tempConfig(text), PORT: "1" });
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("exits 3 when the file does not exist", async () => {
    const result = await runCascade(["serve", "--config", "/nonexistent/cascade.yaml"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("/nonexistent/cascade.yaml: file not found");
  });
});
