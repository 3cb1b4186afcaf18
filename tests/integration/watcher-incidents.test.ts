import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentDetailSchema, incidentListSchema, uptimeWindowSchema } from "@/lib/contracts/incidents";
import { type RunningBoard, startBoard } from "../support/board-server";
import { demo, docker } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";
import { shortIntervalConfig, waitFor } from "../support/watch-config";

needsDemoStack();

// The watcher on the real demo stack, with nobody watching the board (no page, no SSE, no /api/board): stopping a
// container opens one incident, a SIGKILL of the board keeps it (with a gap on its timeline), starting the container
// resolves it, and uptime is measured in time. refreshMs 1000, openAfter 2, resolveAfter 3.

const INTERVAL_MS = 1_000;
const config = shortIntervalConfig(INTERVAL_MS);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-watch-data-"));
const measured: Record<string, number> = {};
let board: RunningBoard;

const start = () => startBoard(config, { CASCADE_DATA_DIR: dataDir });
const getJson = async (url: string) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};
const incidents = async (query = "") => incidentListSchema.parse(await getJson(`${board.url}/api/incidents${query}`)).incidents;

beforeAll(async () => {
  board = await start();
  // The healthy stack first: a watcher with a fresh store, collecting, and no incident.
  await waitFor("a healthy stack", 60_000, async () => ((await fetch(`${board.url}/api/health`)).status === 200 ? true : undefined));
  await waitFor("three ok collections", 30_000, async () => {
    const [open] = await incidents("?status=open");
    return open ? undefined : true;
  });
  await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));
}, 180_000);

afterAll(async () => {
  await board?.stop();
  await demo("heal");
  console.log("watcher measurements (ms):", JSON.stringify(measured));
});

describe("the watcher with nobody watching", () => {
  let incidentId = "";

  it("answers GET /api/health without authentication or upstream details", async () => {
    const response = await fetch(`${board.url}/api/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["lastCollection", "status", "store", "uptimeSeconds", "version", "watcher"]);
    expect(body.lastCollection.ageMs).toBeLessThan(3 * INTERVAL_MS);
    expect(body.watcher.leader).toBe(true);
    expect(body.store).toEqual({ kind: "sqlite", ok: true });
  });

  it("opens exactly one incident within openAfter intervals + 2 s of a container stopping, with it as root cause", async () => {
    await docker("kill", "auren-api");
    const stoppedAt = Date.now();
    const [open] = await waitFor("an open incident", 10_000, async () => {
      const list = await incidents("?status=open");
      return list.length > 0 ? list : undefined;
    });
    measured.openAfterStopMs = Date.now() - stoppedAt;
    expect(measured.openAfterStopMs).toBeLessThanOrEqual(2 * INTERVAL_MS + 2_000);
    expect(await incidents()).toHaveLength(1);
    incidentId = open!.id;
    expect(open!.rootCauses.filter((cause) => cause.active).map((cause) => [cause.kind, cause.subject])).toContainEqual([
      "container-exited",
      "local/auren-api",
    ]);
    expect(open!.rootCauses[0]!.subject).toBe("local/auren-api");
    expect(Date.parse(open!.impactStartedAt)).toBeLessThanOrEqual(Date.parse(open!.detectedAt));
  });

  it("keeps the incident, its timeline and a recorded gap through a SIGKILL of the board", async () => {
    const before = incidentDetailSchema.parse(await getJson(`${board.url}/api/incidents/${incidentId}`));
    await board.kill();
    const killedAt = Date.now();
    board = await start();
    const after = await waitFor("the gap on the timeline", 30_000, async () => {
      const detail = incidentDetailSchema.parse(await getJson(`${board.url}/api/incidents/${incidentId}`));
      return detail.timeline.some((entry) => entry.kind === "watcher-gap") ? detail : undefined;
    });
    measured.restartGapMs = Date.now() - killedAt;
    expect(after.status).toBe("open");
    expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
    const gap = after.timeline.find((entry) => entry.kind === "watcher-gap")!;
    expect(gap.text).toMatch(/Nobody watched for \d+ s/);
    expect(await incidents()).toHaveLength(1);
  });

  it("resolves the incident after resolveAfter ok collections once the container runs again", async () => {
    await docker("start", "auren-api");
    const startedAt = Date.now();
    const resolved = await waitFor("the incident to resolve", 90_000, async () => {
      const detail = incidentDetailSchema.parse(await getJson(`${board.url}/api/incidents/${incidentId}`));
      return detail.status === "resolved" ? detail : undefined;
    });
    measured.resolveAfterStartMs = Date.now() - startedAt;
    const okAt = resolved.timeline.findLast((entry) => entry.kind === "status-changed" && entry.text.endsWith("to ok"))!;
    measured.okToResolvedMs = Date.parse(resolved.resolvedAt!) - Date.parse(okAt.time);
    // Three ok collections: the first, then two more intervals (a Docker event may add a collection in between).
    expect(measured.okToResolvedMs).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(measured.okToResolvedMs).toBeLessThanOrEqual(4 * INTERVAL_MS);
    expect(await incidents()).toHaveLength(1);
    const report = await (await fetch(`${board.url}/api/incidents/${incidentId}/report.md`)).text();
    for (const heading of ["Summary", "Impact", "Root causes", "Trigger", "Detection", "Resolution", "Action items", "Timeline"]) {
      expect(report).toContain(`## ${heading}`);
    }
    const german = await (await fetch(`${board.url}/api/incidents/${incidentId}?lang=de`)).json();
    expect(german.timeline.find((entry: { kind: string }) => entry.kind === "watcher-gap").text).toMatch(/niemand beobachtet/);
  });

  it("measures a container stopped 20 s of a 60 s window as two thirds up", async () => {
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));
    const from = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    // auren-prometheus has no health check: it is ok exactly while it runs (auren-api would be `starting` for a while).
    await docker("kill", "auren-prometheus");
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await docker("start", "auren-prometheus");
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const to = new Date(from.getTime() + 60_000);
    const window = uptimeWindowSchema.parse(await getJson(`${board.url}/api/uptime?from=${from.toISOString()}&to=${to.toISOString()}`));
    measured.uptimeSharePrometheus = window.containers["auren-prometheus"]!;
    expect(window.containers["auren-prometheus"]).toBeGreaterThanOrEqual((2 / 3) * 0.95);
    expect(window.containers["auren-prometheus"]).toBeLessThanOrEqual((2 / 3) * 1.05);
    expect(window.containers["auren-api"]).toBe(1);
    const summary = await getJson(`${board.url}/api/uptime`);
    expect(Object.keys(summary)).toEqual(["24h", "7d", "30d", "90d"]);
  });
});
