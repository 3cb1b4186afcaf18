import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentListSchema } from "@/lib/contracts/incidents";
import { type RunningBoard, startBoard } from "../support/board-server";
import { demo, docker } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";
import { type PostgresServer, startPostgresServer } from "../support/postgres-server";
import { shortIntervalConfig, waitFor } from "../support/watch-config";

needsDemoStack();

// Two board replicas on one PostgreSQL: one holds the watcher lease, a stopped container opens one incident (not two),
// and when the holder is killed the other takes over within two intervals and resolves the incident.

const INTERVAL_MS = 1_000;
const config = shortIntervalConfig(INTERVAL_MS);
const measured: Record<string, number> = {};
let postgres: PostgresServer;
let boards: RunningBoard[] = [];

const health = async (board: RunningBoard) => (await fetch(`${board.url}/api/health`)).json();
const incidents = async (board: RunningBoard, query = "") =>
  incidentListSchema.parse(await (await fetch(`${board.url}/api/incidents${query}`)).json()).incidents;

beforeAll(async () => {
  postgres = await startPostgresServer();
  const url = await postgres.createDatabase(`replicas_${process.pid}`);
  const env = (name: string) => ({ DATABASE_URL: url, CASCADE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `cascade-${name}-`)) });
  boards = await Promise.all([startBoard(config, env("a")), startBoard(config, env("b"))]);
  await waitFor("one lease holder seen by both", 30_000, async () => {
    const [a, b] = await Promise.all(boards.map(health));
    return a.watcher.holder && a.watcher.holder === b.watcher.holder && a.watcher.leader !== b.watcher.leader ? true : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 4 * INTERVAL_MS));
}, 180_000);

afterAll(async () => {
  await Promise.all(boards.map((board) => board.stop()));
  await postgres?.stop();
  await demo("heal");
  console.log("replica measurements (ms):", JSON.stringify(measured));
});

describe("two replicas on one PostgreSQL", () => {
  it("open one incident, not two, and the second takes over when the holder is killed", async () => {
    expect(await incidents(boards[0]!, "?status=open")).toEqual([]);
    await docker("kill", "auren-api");
    const [open] = await waitFor("an open incident", 10_000, async () => {
      const list = await incidents(boards[1]!, "?status=open");
      return list.length > 0 ? list : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));
    expect(await incidents(boards[0]!)).toEqual([expect.objectContaining({ id: open!.id })]);
    expect(await incidents(boards[1]!)).toEqual([expect.objectContaining({ id: open!.id })]);

    const states = await Promise.all(boards.map(health));
    const leaderIndex = states.findIndex((state) => state.watcher.leader);
    const leader = boards[leaderIndex]!;
    const follower = boards[1 - leaderIndex]!;
    await leader.kill();
    const killedAt = Date.now();
    await waitFor("the follower to take the lease", 10_000, async () => ((await health(follower)).watcher.leader ? true : undefined));
    measured.takeoverMs = Date.now() - killedAt;
    expect(measured.takeoverMs).toBeLessThanOrEqual(2 * INTERVAL_MS + 1_000);

    await docker("start", "auren-api");
    const resolved = await waitFor("the incident to resolve", 90_000, async () => {
      const [incident] = await incidents(follower);
      return incident?.status === "resolved" ? incident : undefined;
    });
    expect(resolved.id).toBe(open!.id);
    expect(await incidents(follower)).toHaveLength(1);
  });
});
