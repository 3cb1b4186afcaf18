import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentDetailSchema, incidentListSchema, uptimeSummarySchema } from "@/lib/contracts/incidents";
import { maintenanceListSchema, maintenanceWindowSchema } from "@/lib/maintenance/contract";
import { type RunningAlertmanager, startAlertmanager } from "../support/alertmanager";
import { type RunningBoard, startBoard } from "../support/board-server";
import { docker } from "../support/demo-stack";
import { freePort } from "../support/free-port";
import { needsDemoStack } from "../support/needs-demo-stack";
import { shortIntervalConfig, waitFor } from "../support/watch-config";

needsDemoStack();

// A real Alertmanager (Debian's prometheus-alertmanager) with its webhook receiver on a local server, and the board
// on the real demo stack: a stopped container reaches the receiver as one firing CascadeIncident, and as resolved once
// it runs again; the CascadeWatchdog alert and the heartbeat URL arrive every interval; a channel whose Alertmanager
// is down records failures without a crash; during a maintenance window nothing about a new incident is sent.

const OPERATOR = "operator-token-0123456789abcdef";
const VIEWER = "viewer-token-0123456789abcdef";
const ADMIN = "admin-token-0123456789abcdef-xyz";
const PUBLIC_URL = "https://cascade.example.com";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-alerting-data-"));
let alertmanager: RunningAlertmanager;
let board: RunningBoard;
const beats: { method: string; at: number }[] = [];
let beatServer: http.Server;

const headers = (token = OPERATOR) => ({ authorization: `Bearer ${token}` });
const getJson = async (route: string, token = OPERATOR) => {
  const response = await fetch(`${board.url}${route}`, { headers: headers(token) });
  if (!response.ok) throw new Error(`${route}: ${response.status}`);
  return response.json();
};
const openIncidents = async () => incidentListSchema.parse(await getJson("/api/incidents?status=open")).incidents;
const incidentAlerts = (id: string) =>
  alertmanager.notifiedAlerts().filter((alert) => alert.labels.alertname === "CascadeIncident" && alert.labels.incident === id);

beforeAll(async () => {
  alertmanager = await startAlertmanager();
  beatServer = http.createServer((request, response) => {
    beats.push({ method: request.method ?? "", at: Date.now() });
    response.writeHead(200).end("ok");
  });
  await new Promise<void>((resolve) => beatServer.listen(0, "127.0.0.1", resolve));
  const beatPort = (beatServer.address() as net.AddressInfo).port;
  const config = shortIntervalConfig(1_000);
  fs.appendFileSync(
    config,
    `auth:
  tokens:
    - { name: otto, role: operator, token: ${OPERATOR} }
    - { name: vera, role: viewer, token: ${VIEWER} }
    - { name: ada, role: admin, token: ${ADMIN} }
server:
  publicUrl: ${PUBLIC_URL}/
notify:
  stack: auren-test
  channels:
    - { name: am, type: alertmanager, url: "${alertmanager.url}" }
    - { name: am-down, type: alertmanager, url: "http://127.0.0.1:${await freePort()}" }
  heartbeat:
    url: http://127.0.0.1:${beatPort}/beat
    intervalMs: 1000
    alertmanager: am
`,
  );
  board = await startBoard(config, { CASCADE_DATA_DIR: dataDir });
  await waitFor("a healthy stack", 60_000, async () => ((await fetch(`${board.url}/api/health`)).status === 200 ? true : undefined));
  await waitFor("no open incident", 30_000, async () => ((await openIncidents()).length === 0 ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}, 180_000);

afterAll(async () => {
  await docker("start", "auren-api").catch(() => undefined);
  await board?.stop();
  await alertmanager?.stop();
  await new Promise((resolve) => beatServer?.close(resolve));
});

describe("the Alertmanager channel", () => {
  it("sends the CascadeWatchdog alert and calls the heartbeat URL every interval", async () => {
    const watchdog = await waitFor("the watchdog notification", 20_000, async () =>
      alertmanager.notifiedAlerts().find((alert) => alert.labels.alertname === "CascadeWatchdog"),
    );
    expect(watchdog.status).toBe("firing");
    expect(watchdog.labels).toEqual({ alertname: "CascadeWatchdog", severity: "none", stack: "auren-test" });
    expect(watchdog.generatorURL).toBe(PUBLIC_URL);
    const held = await alertmanager.currentAlerts();
    expect(held.some((alert) => alert.labels.alertname === "CascadeWatchdog" && alert.status.state === "active")).toBe(true);
    const before = beats.length;
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(beats.length - before).toBeGreaterThanOrEqual(2);
    expect(beats.every((beat) => beat.method === "GET")).toBe(true);
  });

  let incidentId = "";
  it("reaches the receiver as one firing alert when a watched container stops", async () => {
    await docker("kill", "auren-api");
    const [open] = await waitFor("an open incident", 20_000, async () => {
      const list = await openIncidents();
      return list.length > 0 ? list : undefined;
    });
    incidentId = open!.id;
    const firing = await waitFor("the firing notification", 30_000, async () =>
      incidentAlerts(incidentId).find((a) => a.status === "firing"),
    );
    // Stopping auren-api leaves the stack degraded (Prometheus still answers): a warning, critical only while down.
    const { worstStatus } = incidentDetailSchema.parse(await getJson(`/api/incidents/${incidentId}`));
    expect(firing.labels).toEqual({
      alertname: "CascadeIncident",
      incident: incidentId,
      severity: worstStatus === "down" ? "critical" : "warning",
      stack: "auren-test",
      root_kind: "container-exited",
      root_subject: "local/auren-api",
    });
    expect(firing.annotations.summary).toMatch(/auren-api/);
    expect(firing.annotations.description).toMatch(new RegExp(`^The stack is ${worstStatus}\\.`));
    expect(firing.annotations.incident_url).toBe(`${PUBLIC_URL}/incidents/${incidentId}`);
    expect(firing.generatorURL).toBe(`${PUBLIC_URL}/incidents/${incidentId}`);
    // Later rounds refresh the same alert; Alertmanager notifies about it once.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(incidentAlerts(incidentId).filter((alert) => alert.status === "firing")).toHaveLength(1);
  });

  it("sends it resolved once the container runs again, after an acknowledgement", async () => {
    const ack = await fetch(`${board.url}/api/incidents/${incidentId}/acknowledge`, {
      method: "POST",
      headers: { ...headers(), "content-type": "application/json" },
      body: JSON.stringify({ note: "on it" }),
    });
    expect(ack.status).toBe(200);
    await docker("start", "auren-api");
    const resolved = await waitFor("the resolved notification", 60_000, async () =>
      incidentAlerts(incidentId).find((alert) => alert.status === "resolved"),
    );
    const incident = incidentDetailSchema.parse(await getJson(`/api/incidents/${incidentId}`));
    expect(incident.status).toBe("resolved");
    expect(resolved.endsAt).toBe(incident.resolvedAt);
    expect(incident.maintenance).toEqual([]);
  });

  it("records the failures of an Alertmanager that is down, and goes on", async () => {
    const metrics = await (await fetch(`${board.url}/metrics`)).text();
    const failed = /cascade_notify_alertmanager_sends_total\{channel="am-down",result="error"\} (\d+)/.exec(metrics);
    expect(Number(failed?.[1] ?? 0)).toBeGreaterThan(0);
    expect(metrics).toMatch(/cascade_notify_alertmanager_sends_total\{channel="am",result="ok"\} [1-9]/);
    expect(board.output()).toMatch(/Alertmanager did not accept the alerts; retrying each round/);
    expect(board.output()).toMatch(/"channel":"am-down".*"error":"connection refused"/);
    expect((await fetch(`${board.url}/api/health`)).status).toBe(200);
  });
});

describe("a maintenance window", () => {
  let windowId = "";
  it("is opened by an operator only, audited, and listed for viewers", async () => {
    const body = JSON.stringify({ until: new Date(Date.now() + 10 * 60_000).toISOString(), reason: "database upgrade" });
    const denied = await fetch(`${board.url}/api/maintenance`, {
      method: "POST",
      headers: { ...headers(VIEWER), "content-type": "application/json" },
      body,
    });
    expect(denied.status).toBe(403);
    const created = await fetch(`${board.url}/api/maintenance`, {
      method: "POST",
      headers: { ...headers(), "content-type": "application/json" },
      body,
    });
    expect(created.status).toBe(201);
    const window = maintenanceWindowSchema.parse(await created.json());
    windowId = window.id;
    expect(window).toMatchObject({ active: true, containers: null, reason: "database upgrade", createdBy: "otto" });
    const listed = maintenanceListSchema.parse(await getJson("/api/maintenance", VIEWER));
    expect(listed.windows.map((entry) => entry.id)).toEqual([windowId]);
    expect(listed.notice).toMatch(
      /^Maintenance until .* for the whole stack: database upgrade\. Incidents are recorded, nobody is notified\.$/,
    );
    const boardJson = (await getJson("/api/board?view=summary", VIEWER)) as { maintenance: { active: { id: string }[]; notice: string } };
    expect(boardJson.maintenance.active.map((entry) => entry.id)).toEqual([windowId]);
    const german = (await getJson("/api/board?lang=de", VIEWER)) as { maintenance: { notice: string } };
    expect(german.maintenance.notice).toMatch(/^Wartung bis .* für den ganzen Stack: database upgrade\./);
    const audit = (await getJson("/api/audit", ADMIN)) as { entries: { action: string; subject: string; result: string }[] };
    expect(audit.entries.filter((entry) => entry.action === "maintenance.create").map((entry) => entry.result)).toEqual(["ok", "started"]);
  });

  it("records and marks an incident during the window, and sends nothing about it", async () => {
    const notifiedBefore = alertmanager.notifiedAlerts().filter((alert) => alert.labels.alertname === "CascadeIncident").length;
    await docker("kill", "auren-api");
    const [open] = await waitFor("an open incident", 20_000, async () => {
      const list = await openIncidents();
      return list.length > 0 && list[0]!.maintenance.length > 0 ? list : undefined;
    });
    expect(open!.maintenance.map((mark) => mark.id)).toEqual([windowId]);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await docker("start", "auren-api");
    await waitFor("the incident to resolve", 60_000, async () => {
      const detail = incidentDetailSchema.parse(await getJson(`/api/incidents/${open!.id}`));
      return detail.status === "resolved" ? detail : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(incidentAlerts(open!.id)).toEqual([]);
    expect(alertmanager.notifiedAlerts().filter((alert) => alert.labels.alertname === "CascadeIncident")).toHaveLength(notifiedBefore);
    expect((await alertmanager.currentAlerts()).some((alert) => alert.labels.incident === open!.id)).toBe(false);
  });

  it("leaves its time out of uptime, and ends on DELETE", async () => {
    const uptime = uptimeSummarySchema.parse(await getJson("/api/uptime"));
    expect(uptime["24h"].maintenanceMs).toBeGreaterThan(5_000);
    const ended = await fetch(`${board.url}/api/maintenance/${windowId}`, {
      method: "DELETE",
      headers: { ...headers(), origin: board.url },
    });
    expect(ended.status).toBe(200);
    expect(maintenanceListSchema.parse(await getJson("/api/maintenance"))).toEqual({ windows: [], notice: null });
    const again = await fetch(`${board.url}/api/maintenance/${windowId}`, { method: "DELETE", headers: headers() });
    expect(again.status).toBe(404);
  });
});

describe("the end of a maintenance window", () => {
  it("announces an incident that is still open when its window ends, and its resolution after", async () => {
    const created = await fetch(`${board.url}/api/maintenance`, {
      method: "POST",
      headers: { ...headers(), "content-type": "application/json" },
      body: JSON.stringify({ until: new Date(Date.now() + 10 * 60_000).toISOString(), reason: "restart", containers: ["auren-api"] }),
    });
    expect(created.status).toBe(201);
    await docker("kill", "auren-api");
    const [open] = await waitFor("a held incident", 20_000, async () => {
      const list = await openIncidents();
      return list.length > 0 && list[0]!.maintenance.length > 0 ? list : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(incidentAlerts(open!.id)).toEqual([]);
    const ended = await fetch(`${board.url}/api/maintenance`, { method: "DELETE", headers: headers() });
    expect((await ended.json()).ended).toHaveLength(1);
    const firing = await waitFor("the firing notification after the window", 30_000, async () =>
      incidentAlerts(open!.id).find((alert) => alert.status === "firing"),
    );
    expect(firing.labels.root_subject).toBe("local/auren-api");
    await docker("start", "auren-api");
    await waitFor("the resolved notification", 60_000, async () => incidentAlerts(open!.id).find((alert) => alert.status === "resolved"));
    expect(incidentAlerts(open!.id).map((alert) => alert.status)).toEqual(["firing", "resolved"]);
  });
});
