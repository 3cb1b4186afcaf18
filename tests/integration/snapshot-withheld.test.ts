import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Board } from "@/lib/contracts/board";
import { type Snapshot, snapshotSchema } from "@/lib/contracts/snapshot";
import { TOKENS } from "../support/auth-board";
import { type RunningBoard, startBoard } from "../support/board-server";
import { docker, ROOT } from "../support/demo-stack";
import { type DockerProxy, type InspectMode, startDockerProxy } from "../support/docker-proxy";

// Redaction needs the watched containers' environment values. Here Docker (through a proxy on its socket) refuses
// or never answers exactly that read, while the board still holds the containers' log lines: the snapshot must store
// no log line anywhere (database bytes, JSON, page, report) and say why.

const CONTAINER = "cascade-snap-withheld";
const ENV_SECRET = "withheld-env-secret-5e8a1c3f";
const MARKER = "withheld-test marker line 7d2f";
const operator = { authorization: `Bearer ${TOKENS.operator}` };
const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

function writeConfig(dir: string, socketPath: string): string {
  const file = path.join(dir, "cascade.yaml");
  fs.writeFileSync(
    file,
    `docker:
  socketPath: ${socketPath}
containers:
  - name: auren-api
  - name: ${CONTAINER}
grafana:
  dashboardsDir: ${path.join(ROOT, "demo/grafana/dashboards")}
timeouts:
  upstreamMs: 1500
auth:
  tokens:
    - name: otto
      role: operator
      token: ${TOKENS.operator}
    - name: ada
      role: admin
      token: ${TOKENS.admin}
`,
  );
  return file;
}

describe("a snapshot taken while Docker does not give the containers' environment", () => {
  let proxy: DockerProxy;
  let board: RunningBoard;
  let dataDir: string;
  let dir: string;

  beforeAll(async () => {
    await docker("rm", "-f", CONTAINER).catch(() => "");
    await docker(
      "run",
      "-d",
      "--name",
      CONTAINER,
      "--network",
      "none",
      "-e",
      `API_TOKEN=${ENV_SECRET}`,
      "cascade-demo-base:latest",
      "sh",
      "-c",
      `echo "${MARKER}"; echo "starting with API_TOKEN=$API_TOKEN"; echo "ready"; sleep 3600`,
    );
    proxy = await startDockerProxy();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-withheld-"));
    dataDir = path.join(dir, "data");
    board = await startBoard(writeConfig(dir, proxy.socketPath), { CASCADE_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await board?.stop();
    await proxy?.stop();
    await docker("rm", "-f", CONTAINER).catch(() => "");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const storedBytes = () =>
    ["cascade.db", "cascade.db-wal"]
      .map((name) => path.join(dataDir, name))
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file).toString("latin1"))
      .join("\n");

  /**
   * Reads the board (log lines and all), then makes Docker fail the environment read and takes a snapshot. The
   * snapshot reuses the board just collected; should the machine be so slow that it collected a new one (which,
   * with inspect failing, holds no log lines), the precondition is not met and the attempt is repeated.
   */
  async function snapshotWhileInspect(mode: InspectMode): Promise<{ snapshot: Snapshot; logLines: string[]; id: string }> {
    for (let attempt = 1; ; attempt++) {
      proxy.setInspect("pass");
      const live = (await (await fetch(`${board.url}/api/board`, { headers: operator })).json()) as Board;
      const logLines = live.containers.flatMap((container) => container.logTail).filter((line) => line.trim().length >= 5);
      expect(logLines).toContain(MARKER);
      proxy.setInspect(mode);
      const created = await fetch(`${board.url}/api/snapshots`, {
        method: "POST",
        headers: { ...operator, "content-type": "application/json" },
        body: JSON.stringify({ engineerDetails: true }),
      });
      expect(created.status).toBe(201);
      expect(proxy.blockedInspects()).toBeGreaterThan(0);
      proxy.setInspect("pass");
      const { id } = (await created.json()) as { id: string };
      const snapshot = snapshotSchema.parse(await (await fetch(`${board.url}/api/snapshots/${id}`)).json());
      const boardHadLogs = snapshot.board.containers.every((container) => container.state !== "unknown");
      if (boardHadLogs) return { snapshot, logLines, id };
      if (attempt >= 5) throw new Error("the snapshot never reused the board that held the log lines");
    }
  }

  it.each([
    ["refuses the environment read", "fail" as const, /test proxy: inspect refused/],
    ["does not answer the environment read", "hang" as const, /did not answer within 1500 ms/],
  ])("stores no log line when Docker %s, and says why on the page", async (_what, mode, reason) => {
    const { snapshot, logLines, id } = await snapshotWhileInspect(mode);
    expect(snapshot.withheld).toMatch(/^Log lines, container errors and health-check output were left out: Docker did not give/);
    expect(snapshot.withheld).toMatch(reason);
    expect(snapshot.board.containers.every((container) => container.logTail.length === 0)).toBe(true);

    const json = await (await fetch(`${board.url}/api/snapshots/${id}`)).text();
    const page = await (await fetch(`${board.url}/s/${id}`)).text();
    const report = await (await fetch(`${board.url}/api/snapshots/${id}/report.md`)).text();
    const bytes = storedBytes();
    expect(page).toContain("Log lines, container errors and health-check output were left out");
    for (const line of [...logLines, ENV_SECRET]) {
      expect(json).not.toContain(line);
      expect(page).not.toContain(line);
      expect(page).not.toContain(escapeHtml(line));
      expect(report).not.toContain(line);
      expect(bytes).not.toContain(line);
    }
    const audit = await fetch(`${board.url}/api/audit`, { headers: { authorization: `Bearer ${TOKENS.admin}` } });
    const { entries } = (await audit.json()) as { entries: { action: string; subject: string; result: string; detail: string | null }[] };
    const rows = entries.filter((entry) => entry.action === "snapshot.create" && entry.subject === id);
    expect(rows.map((entry) => entry.result)).toEqual(["ok", "started"]);
    expect(rows[0]!.detail).toMatch(/container texts left out \(environment unreadable\)$/);
  });

  it("keeps the (redacted) log lines when Docker answers: the checks above would have seen them", async () => {
    proxy.setInspect("pass");
    const created = await fetch(`${board.url}/api/snapshots`, {
      method: "POST",
      headers: { ...operator, "content-type": "application/json" },
      body: JSON.stringify({ engineerDetails: true }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const json = await (await fetch(`${board.url}/api/snapshots/${id}`)).text();
    expect(snapshotSchema.parse(JSON.parse(json)).withheld).toBeNull();
    expect(json).toContain(MARKER);
    expect(json).not.toContain(ENV_SECRET);
    expect(storedBytes()).toContain(MARKER);
  });
});
