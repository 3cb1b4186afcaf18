import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "@/lib/contracts/operations";
import { type RunningBoard, startBoard } from "../support/board-server";
import { DEMO_CONFIG, ROOT } from "../support/demo-stack";

// Every route of the built board answers a method it does not serve with 405, the JSON error body and an Allow
// header naming the methods it does serve. No route here runs its real handler, so the demo stack is not needed.
const SNAPSHOT = "00000000000000000000000000000000";
const RUN = "00000000-0000-4000-8000-000000000000";
const ROUTES: [route: string, served: string[]][] = [
  ["/api/audit", ["GET", "HEAD"]],
  ["/api/board", ["GET", "HEAD"]],
  ["/api/board/stream", ["GET", "HEAD"]],
  ["/api/dashboards/auren-system-overview", ["GET", "HEAD"]],
  ["/api/health", ["GET", "HEAD"]],
  ["/api/incidents", ["GET", "HEAD"]],
  [`/api/incidents/${RUN}`, ["GET", "HEAD"]],
  [`/api/incidents/${RUN}/acknowledge`, ["POST"]],
  [`/api/incidents/${RUN}/report.md`, ["GET", "HEAD"]],
  [`/api/incidents/${RUN}/snapshot`, ["POST"]],
  ["/api/maintenance", ["GET", "HEAD", "POST", "DELETE"]],
  [`/api/maintenance/${RUN}`, ["DELETE"]],
  ["/api/containers/auren-api/restart", ["POST"]],
  ["/api/containers/auren-api/start", ["POST"]],
  ["/api/containers/auren-api/restart-policy", ["POST"]],
  ["/api/services/auren-web/restart", ["POST"]],
  ["/api/services/auren-web/scale", ["POST"]],
  ["/api/session", ["GET", "HEAD", "POST", "DELETE"]],
  ["/api/snapshots", ["POST"]],
  [`/api/snapshots/${SNAPSHOT}`, ["GET", "HEAD", "DELETE"]],
  [`/api/snapshots/${SNAPSHOT}/report.md`, ["GET", "HEAD"]],
  ["/api/verify", ["GET", "HEAD", "POST"]],
  [`/api/verify/${RUN}`, ["GET", "HEAD"]],
  ["/api/uptime", ["GET", "HEAD"]],
  ["/api/uptime/daily", ["GET", "HEAD"]],
  [`/api/verify/${RUN}/events`, ["GET", "HEAD"]],
  ["/api/notify/test", ["POST"]],
  ["/api/notify/deliveries", ["GET", "HEAD"]],
  ["/metrics", ["GET", "HEAD"]],
];
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const CASES = ROUTES.flatMap(([route, served]) =>
  METHODS.filter((method) => !served.includes(method)).map((method) => [method, route, served.join(", ")] as const),
);

describe("a wrong method on any route", () => {
  let board: RunningBoard;
  beforeAll(async () => {
    board = await startBoard(DEMO_CONFIG, { CASCADE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "cascade-methods-")) });
  });
  afterAll(() => board?.stop());

  it("covers every route file of the app", () => {
    const app = path.join(ROOT, "app");
    const routeFiles = fs.readdirSync(app, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "route.ts");
    expect(routeFiles).toHaveLength(ROUTES.length);
  });

  it.each(CASES)("%s %s answers 405 with Allow: %s", async (method, route, allow) => {
    const response = await fetch(`${board.url}${route}`, {
      method,
      headers: { "content-type": "application/json", origin: board.url },
      body: method === "GET" || method === "HEAD" ? undefined : "{}",
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    if (method === "HEAD") return; // a HEAD answer has no body
    const body = errorBodySchema.parse(await response.json());
    expect(body.error.code).toBe("method_not_allowed");
    expect(body.error.message).toMatch(new RegExp(`^${method} is not allowed here; use [A-Z]+((, [A-Z]+)* or [A-Z]+)?\\.$`));
  });
});
