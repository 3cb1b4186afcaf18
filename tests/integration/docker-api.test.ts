import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authConfig, bearer, TOKENS } from "../support/auth-board";
import { type RunningBoard, runCascade, startBoard } from "../support/board-server";
import { demo, ROOT } from "../support/demo-stack";
import { type RunningHaproxy, startHaproxy } from "../support/haproxy";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// docs/docker-api.md is the list a socket proxy must allow. Every feature runs here through HAProxy with
// docs/socket-proxy/haproxy-actions.cfg; each call it passed must be on the list, and none may have been refused.

const DOC = fs.readFileSync(path.join(ROOT, "docs/docker-api.md"), "utf8");
const documented = new Set([...DOC.matchAll(/`(GET|HEAD|POST|PUT|DELETE) (\/[^`\s]+)`/g)].map((match) => `${match[1]} ${match[2]}`));

/** "GET /v1.41/containers/auren-api/logs?tail=30" -> "GET /containers/{name}/logs" */
function asDocumented(method: string, rawPath: string): string {
  const bare = rawPath.split("?")[0]!.replace(/^\/v[\d.]+\//, "/");
  // The list of every container (/containers/json) is one call of its own, not a container named "json".
  if (bare === "/containers/json") return `${method} ${bare}`;
  const swarm = bare.replace(/^\/tasks\/[^/]+\/logs$/, "/tasks/{id}/logs").replace(/^\/services\/[^/]+/, "/services/{name}");
  return `${method} ${swarm.replace(/^\/containers\/[^/]+/, "/containers/{name}")}`;
}

describe("the Engine API calls Cascade makes (docs/docker-api.md)", () => {
  let haproxy: RunningHaproxy;
  let board: RunningBoard;
  let configPath: string;
  const tokens = { TEST_VIEWER_TOKEN: TOKENS.viewer, TEST_OPERATOR_TOKEN: TOKENS.operator, TEST_ADMIN_TOKEN: TOKENS.admin };

  beforeAll(async () => {
    await demo("heal");
    haproxy = await startHaproxy(path.join(ROOT, "docs/socket-proxy/haproxy-actions.cfg"));
    const dockerHost = `docker:\n  host: tcp://127.0.0.1:${haproxy.port}\n`;
    configPath = authConfig(dockerHost);
    board = await startBoard(configPath, { CASCADE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "cascade-data-")), ...tokens });
  });
  afterAll(async () => {
    await board?.stop();
    await haproxy?.stop();
    await demo("heal");
  });

  it("lists every call the board, the stream, verify, snapshots, cascade check and the actions make", async () => {
    const viewer = bearer("viewer");
    const operator = bearer("operator");
    expect((await fetch(`${board.url}/api/board`, { headers: viewer })).status).toBe(200);
    const stream = await fetch(`${board.url}/api/board/stream`, { headers: viewer });
    const reader = stream.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect((await fetch(`${board.url}/api/verify`, { method: "POST", headers: viewer })).status).toBe(202);
    const snapshot = await fetch(`${board.url}/api/snapshots`, {
      method: "POST",
      headers: { ...operator, "content-type": "application/json" },
      body: JSON.stringify({ title: "docker-api list", engineerDetails: true }),
    });
    expect(snapshot.status).toBe(201);
    await demo("incident");
    const act = (action: string, body?: unknown) =>
      fetch(`${board.url}/api/containers/auren-prometheus/${action}`, {
        method: "POST",
        headers: body ? { ...operator, "content-type": "application/json" } : operator,
        body: body ? JSON.stringify(body) : undefined,
      });
    expect((await act("start")).status).toBe(200);
    expect((await act("restart")).status).toBe(200);
    expect((await act("restart-policy", { name: "no" })).status).toBe(200);
    const check = await runCascade(["check", "--config", configPath], tokens);
    expect(check.code, check.stderr).toBeLessThanOrEqual(2);

    // The board's log: one JSON object per line, each answered request with its id, method, path, status and time.
    const lines = board
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const boardLine = lines.find((line) => line.msg === "request" && line.path === "/api/board");
    expect(boardLine).toMatchObject({ level: "info", method: "GET", status: 200 });
    expect(typeof boardLine?.reqId).toBe("string");
    expect(typeof boardLine?.ms).toBe("number");
    expect(Date.parse(String(boardLine?.time))).toBeGreaterThan(0);
    expect(
      lines.some((line) => line.msg === "request" && line.method === "POST" && line.path === "/api/containers/auren-prometheus/start"),
    ).toBe(true);

    const calls = haproxy.requests();
    expect(calls.filter((call) => call.status === 403)).toEqual([]);
    const made = new Set(calls.map((call) => asDocumented(call.method, call.path)));
    for (const expected of [
      "GET /version",
      "GET /info",
      "GET /containers/{name}/json",
      "POST /containers/{name}/start",
      "POST /containers/{name}/update",
    ]) {
      expect(made).toContain(expected);
    }
    expect([...made].filter((call) => !documented.has(call))).toEqual([]);
  });
});

describe("docs/socket-proxy/haproxy-read-only.cfg", () => {
  let haproxy: RunningHaproxy;
  beforeAll(async () => {
    haproxy = await startHaproxy(path.join(ROOT, "docs/socket-proxy/haproxy-read-only.cfg"));
  });
  afterAll(async () => haproxy?.stop());

  it("passes the documented read calls and refuses the documented writes and everything else with 403", async () => {
    // The logs call needs a stream chosen (Docker answers 400 without one); the others ignore the query.
    const query = "?stdout=1&tail=1";
    const call = async (method: string, callPath: string) =>
      (
        await fetch(`http://127.0.0.1:${haproxy.port}${callPath.replace(/\{(name|id)\}/, "auren-api")}${query}`, {
          method,
          signal: AbortSignal.timeout(5_000),
        })
      ).status;
    const reads = [...documented].filter((entry) => entry.startsWith("GET ") && entry !== "GET /events");
    expect(reads.length).toBeGreaterThanOrEqual(3);
    // The main engine is in no Swarm: Docker itself answers the Swarm reads 503 (or 404 for a task), not the proxy 403.
    const swarmRead = /^GET \/(info|services|tasks|nodes)/;
    for (const entry of reads) {
      const [method, callPath] = entry.split(" ") as [string, string];
      const status = await call(method, callPath);
      const passed = swarmRead.test(entry) ? [200, 404, 503].includes(status) : status === 200;
      expect([entry, status, passed]).toEqual([entry, status, true]);
    }
    const writes = [...documented].filter((entry) => entry.startsWith("POST "));
    expect(writes).toHaveLength(4);
    for (const entry of [...writes, "GET /images/json", "GET /volumes", "POST /containers/create", "DELETE /containers/{name}"]) {
      const [method, callPath] = entry.split(" ") as [string, string];
      expect([entry, await call(method, callPath)]).toEqual([entry, 403]);
    }
  });
});
