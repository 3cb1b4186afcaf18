import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBoard, startBoard } from "../support/board-server";
import { needsDemoStack } from "../support/needs-demo-stack";
import { shortIntervalConfig, waitFor } from "../support/watch-config";

needsDemoStack();

// Viewers cost nothing upstream: with 50 SSE viewers Prometheus receives as many requests per minute as with none
// (within 10%), counted by Prometheus itself (prometheus_http_requests_total, summed over its handlers).

const INTERVAL_MS = 1_000;
const WINDOW_MS = 30_000;
const PROMETHEUS = "http://127.0.0.1:19090";
let board: RunningBoard;

async function prometheusRequests(): Promise<number> {
  // Read from Prometheus's own /metrics (live), not through a query (as of its last self-scrape).
  const text = await (await fetch(`${PROMETHEUS}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("prometheus_http_requests_total{"))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

async function requestsDuring(ms: number): Promise<number> {
  const before = await prometheusRequests();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (await prometheusRequests()) - before;
}

function openViewer(url: string): { events: () => number; close: () => void } {
  let count = 0;
  const request = http.get(`${url}/api/board/stream`, (response) => {
    response.on("data", (chunk: Buffer) => {
      // A board when a verdict changed, else a `checked` (a few bytes): both are a push after a collection.
      count += chunk.toString().split(/event: (?:board|checked)\n/).length - 1;
    });
  });
  request.on("error", () => undefined);
  return { events: () => count, close: () => request.destroy() };
}

beforeAll(async () => {
  board = await startBoard(shortIntervalConfig(INTERVAL_MS), {
    CASCADE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "cascade-viewers-")),
  });
  await waitFor("a collecting watcher", 60_000, async () => ((await fetch(`${board.url}/api/health`)).status === 200 ? true : undefined));
}, 180_000);

afterAll(async () => {
  await board?.stop();
});

describe("50 SSE viewers", () => {
  it("cost Prometheus the same requests per minute as none", async () => {
    const alone = await requestsDuring(WINDOW_MS);
    const viewers = Array.from({ length: 50 }, () => openViewer(board.url));
    await waitFor("every viewer to get a board", 30_000, async () => (viewers.every((viewer) => viewer.events() > 0) ? true : undefined));
    const watched = await requestsDuring(WINDOW_MS);
    const events = viewers.reduce((sum, viewer) => sum + viewer.events(), 0);
    for (const viewer of viewers) viewer.close();
    console.log(`Prometheus requests in ${WINDOW_MS / 1000} s: ${alone} with no viewer, ${watched} with 50 (${events} board events sent)`);
    expect(alone).toBeGreaterThan(0);
    expect(Math.abs(watched - alone) / alone).toBeLessThanOrEqual(0.1);
    expect(events).toBeGreaterThan(50 * 10);
  });
});
