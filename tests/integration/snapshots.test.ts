import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotSchema } from "@/lib/contracts/snapshot";
import { TOKENS } from "../support/auth-board";
import { type RunningBoard, startBoard } from "../support/board-server";
import { demo, docker, ROOT } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// Snapshots on the real stack: secrets placed in a watched URL and in a container's environment must appear in no
// stored byte, no JSON and no report.
const SECRETS = {
  urlPassword: "url-pass-7f3e9c1d2b",
  urlToken: "url-token-91ab27cd55ef",
  envToken: "env-token-4d2c8b1a9e7f",
  envPassword: "env-db-pass-31c7a9e5",
  custom: "ACME-424242",
};
const SECRET_CONTAINER = "cascade-snap-secrets";
const operator = { authorization: `Bearer ${TOKENS.operator}` };

function writeConfig(dir: string): string {
  const file = path.join(dir, "cascade.yaml");
  fs.writeFileSync(
    file,
    `containers:
  - name: auren-prometheus
  - name: auren-api
  - name: ${SECRET_CONTAINER}
prometheus:
  url: http://127.0.0.1:19090
  container: auren-prometheus
metricsEndpoints:
  - name: biometric-api
    url: http://127.0.0.1:18888/metrics
    container: auren-api
    expect: [auren_webhook_requests_total]
  - name: scraped-with-credentials
    url: http://scraper:${SECRETS.urlPassword}@127.0.0.1:18888/metrics?token=${SECRETS.urlToken}
grafana:
  dashboardsDir: ${path.join(ROOT, "demo/grafana/dashboards")}
auth:
  tokens:
    - name: otto
      role: operator
      token: ${TOKENS.operator}
    - name: vera
      role: viewer
      token: ${TOKENS.viewer}
snapshots:
  redact: ["ACME-[0-9]{6}"]
`,
  );
  return file;
}

describe("snapshots", () => {
  let board: RunningBoard;
  let dataDir: string;
  const post = (body: unknown, headers: Record<string, string> = operator) =>
    fetch(`${board.url}/api/snapshots`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    await demo("heal");
    await docker("rm", "-f", SECRET_CONTAINER).catch(() => "");
    await docker(
      "run",
      "-d",
      "--name",
      SECRET_CONTAINER,
      "--network",
      "host",
      "-e",
      `API_TOKEN=${SECRETS.envToken}`,
      "-e",
      `DB_PASSWORD=${SECRETS.envPassword}`,
      "cascade-demo-base:latest",
      "sh",
      "-c",
      `echo "boot with API_TOKEN=$API_TOKEN"; echo "db login uses $DB_PASSWORD"; echo "licence ${SECRETS.custom}"; sleep 3600`,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-snap-"));
    dataDir = path.join(dir, "data");
    board = await startBoard(writeConfig(dir), { CASCADE_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await board?.stop();
    await docker("rm", "-f", SECRET_CONTAINER).catch(() => "");
    await docker("update", "--restart", "no", "auren-prometheus").catch(() => "");
    await demo("heal");
  });

  let incident: { id: string; url: string; deleteUrl: string; expiresAt: string };

  it("freezes the incident with its diagnosis, the actions taken and a redacted engineer view", async () => {
    await demo("incident");
    const policy = await fetch(`${board.url}/api/containers/auren-prometheus/restart-policy`, {
      method: "POST",
      headers: { ...operator, "content-type": "application/json" },
      body: JSON.stringify({ name: "unless-stopped" }),
    });
    expect(policy.status).toBe(200);
    const response = await post({
      title: '<script>alert("x")</script> Dashboards down',
      note: "Paged at 04:33; see the report.",
      engineerDetails: true,
    });
    expect(response.status).toBe(201);
    incident = await response.json();
    expect(incident.id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(incident.url).toBe(`/s/${incident.id}`);
    expect(incident.deleteUrl).toMatch(new RegExp(`^/api/snapshots/${incident.id}\\?secret=[A-Za-z0-9_-]{32}$`));
    expect(Date.parse(incident.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const read = await fetch(`${board.url}/api/snapshots/${incident.id}`);
    expect(read.status).toBe(200);
    const snapshot = snapshotSchema.parse(await read.json());
    expect(snapshot.board.status).toBe("down");
    expect(snapshot.board.summary.causes.filter((cause) => cause.root).map((cause) => `${cause.kind} ${cause.subject}`)).toEqual([
      "container-exited auren-prometheus",
      "metrics-endpoint-http-error biometric-api",
      // The same failing endpoint, asked with user:password and a token in its URL (sent as Basic auth): the secrets
      // must not reach the snapshot (below).
      "metrics-endpoint-http-error scraped-with-credentials",
    ]);
    expect(snapshot.actions.map((entry) => entry.action)).toContain("container.set-restart-policy");
    expect(snapshot.redactions).toBeGreaterThan(0);
    expect(snapshot.board.containers.find((container) => container.name === "auren-prometheus")!.logTail.join("\n")).toContain(
      "Received SIGTERM",
    );
  });

  it("stores no secret: not in the database bytes, the JSON, the page or the report", async () => {
    const files = fs.readdirSync(dataDir).filter((file) => file.startsWith("cascade.db"));
    const stored = Buffer.concat(files.map((file) => fs.readFileSync(path.join(dataDir, file)))).toString("latin1");
    const json = await (await fetch(`${board.url}/api/snapshots/${incident.id}`)).text();
    const report = await (await fetch(`${board.url}/api/snapshots/${incident.id}/report.md`)).text();
    const page = await (await fetch(`${board.url}${incident.url}`)).text();
    for (const secret of Object.values(SECRETS)) {
      for (const [where, text] of Object.entries({ stored, json, report, page }))
        expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
    }
    expect(json).toContain("[redacted]");
    expect(json).toContain(SECRET_CONTAINER);
  });

  it("writes a Markdown report naming both root causes and the actions taken, with the title escaped", async () => {
    const response = await fetch(`${board.url}/api/snapshots/${incident.id}/report.md`);
    expect(response.headers.get("content-type")).toContain("text/markdown");
    const report = await response.text();
    expect(report).toContain("&lt;script&gt;");
    expect(report).not.toContain("<script>");
    expect(report).toMatch(/## Root Causes/);
    expect(report).toMatch(/auren-prometheus/);
    expect(report).toMatch(/NameError: name 'Response' is not defined/);
    expect(report).toMatch(/## Actions Taken[\s\S]*set-restart-policy[\s\S]*auren-prometheus/);
  });

  it("renders the page for anyone with the link, with the title escaped", async () => {
    const page = await fetch(`${board.url}${incident.url}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("Dashboards down");
  });

  it("answers 404 to the literal route path, to forged and truncated ids, and lists nothing", async () => {
    for (const path of [
      "/s/:id",
      "/api/snapshots/:id",
      `/api/snapshots/${"A".repeat(24)}`,
      `/api/snapshots/${incident.id.slice(0, 20)}`,
      `/s/${incident.id.slice(1)}`,
      "/s/%3Aid",
    ]) {
      expect([path, (await fetch(`${board.url}${path}`)).status]).toEqual([path, 404]);
    }
    expect((await fetch(`${board.url}/api/snapshots`)).status).toBe(405);
  });

  it("refuses to create for viewers and anonymous clients, and refuses bad options clearly", async () => {
    expect((await post({}, {})).status).toBe(401);
    expect((await post({}, { authorization: `Bearer ${TOKENS.viewer}` })).status).toBe(403);
    for (const [body, message] of [
      [{ note: "x".repeat(5_001) }, /note/],
      [{ title: "t".repeat(201) }, /title/],
      [{ expiresInDays: 91 }, /expiresInDays/],
      [{ unknownOption: true }, /unrecognized|unknown/i],
    ] as const) {
      const response = await post(body);
      expect(response.status).toBe(422);
      expect((await response.json()).error.message).toMatch(message);
    }
  });

  it("answers 410 to an expired snapshot and deletes its content", async () => {
    const created = await (await post({ title: "soon gone" })).json();
    const page = await (await post({ title: "soon gone page" })).json();
    const db = new Database(path.join(dataDir, "cascade.db"));
    db.prepare("UPDATE snapshots SET expires_at = ? WHERE id IN (?, ?)").run(
      new Date(Date.now() - 1000).toISOString(),
      created.id,
      page.id,
    );
    db.close();
    expect((await fetch(`${board.url}/api/snapshots/${created.id}`)).status).toBe(410);
    expect((await fetch(`${board.url}/api/snapshots/${created.id}`)).status).toBe(404);
    const gone = await fetch(`${board.url}${page.url}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("This snapshot has expired");
    expect((await fetch(`${board.url}/api/snapshots/${page.id}`)).status).toBe(404);
  });

  it("deletes with the delete link once (a replay finds nothing), refuses a wrong secret, and lets an operator delete", async () => {
    const first = await (await post({ title: "to delete" })).json();
    const second = await (await post({ title: "to delete by operator" })).json();
    expect((await fetch(`${board.url}/api/snapshots/${second.id}?secret=${"x".repeat(32)}`, { method: "DELETE" })).status).toBe(403);
    expect((await fetch(`${board.url}${first.deleteUrl}`, { method: "DELETE" })).status).toBe(200);
    expect((await fetch(`${board.url}${first.deleteUrl}`, { method: "DELETE" })).status).toBe(404);
    expect((await fetch(`${board.url}/api/snapshots/${first.id}`)).status).toBe(404);
    expect((await fetch(`${board.url}/api/snapshots/${second.id}`, { method: "DELETE" })).status).toBe(401);
    expect((await fetch(`${board.url}/api/snapshots/${second.id}`, { method: "DELETE", headers: operator })).status).toBe(200);
  });

  it("keeps only the executive view unless engineer details are asked for", async () => {
    const created = await (await post({ title: "for the board of directors" })).json();
    const json = await (await fetch(`${board.url}/api/snapshots/${created.id}`)).text();
    expect(json).not.toContain("Received SIGTERM");
    expect(json).not.toContain("http://");
    expect(json).not.toContain("rate(");
    expect(snapshotSchema.parse(JSON.parse(json)).engineerDetails).toBe(false);
  });
});
