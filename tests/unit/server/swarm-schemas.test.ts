import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { judgeService } from "@/lib/health/service";
import {
  infoSwarmSchema,
  nodeListSchema,
  reshapeNode,
  reshapeService,
  reshapeTask,
  serviceListSchema,
  taskListSchema,
} from "@/server/upstreams/docker/swarm-schemas";

// The Swarm answers recorded from a real single-node Swarm (Docker 20.10.24, API 1.41) on a second engine:
// tests/fixtures/swarm/. cascade-web: 2 replicas on one host port (the second cannot bind); cascade-ok: 1 replica,
// just force-updated; cascade-big: reserves 100000 GB of memory (no node can take it).

const FIXTURES = path.resolve(__dirname, "../../fixtures/swarm");
const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

const nodes = nodeListSchema.parse(read("nodes.json")).map(reshapeNode);
const hostnames = new Map(nodes.map((node) => [node.id, node.hostname]));
const tasks = taskListSchema.parse(read("tasks.json"));
const services = serviceListSchema.parse(read("services.json")).map((service) =>
  reshapeService(
    "local",
    service,
    tasks.filter((task) => task.ServiceID === service.ID).map((task) => reshapeTask(task, hostnames)),
  ),
);
const byName = new Map(services.map((service) => [service.name, service]));
// Judged at the time of the recording, so "recent" failures are recent.
const recordedAt = new Date(Math.max(...tasks.map((task) => Date.parse(task.Status.Timestamp ?? task.UpdatedAt ?? "0"))) + 1_000);

describe("Swarm answers reshaped into the board's services", () => {
  it("tells a manager from an engine outside any Swarm", () => {
    expect(infoSwarmSchema.parse(read("info-manager.json")).Swarm).toMatchObject({ ControlAvailable: true, LocalNodeState: "active" });
    expect(infoSwarmSchema.parse(read("info-not-swarm.json")).Swarm).toMatchObject({ ControlAvailable: false, LocalNodeState: "inactive" });
  });

  it("reads the node's state and availability", () => {
    expect(nodes).toEqual([expect.objectContaining({ hostname: "vm", role: "manager", availability: "active", state: "ready" })]);
  });

  it("counts desired against running and keeps Docker's task error and exit code", () => {
    const web = byName.get("cascade-web")!;
    expect(web).toMatchObject({ mode: "replicated", desired: 2, running: 1, serves: ["127.0.0.1:18931"], state: "observed" });
    const failed = web.tasks.filter((task) => task.state === "failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ error: "task: non-zero exit (1)", exitCode: 1, node: "vm", desiredState: "shutdown" });
    // The tasks that should run come first.
    expect(web.tasks[0]!.desiredState).not.toBe("shutdown");
    expect(judgeService(web, recordedAt)).toBe("service-degraded");
  });

  it("reports a task Swarm cannot place with Docker's words", () => {
    const big = byName.get("cascade-big")!;
    expect(big).toMatchObject({ desired: 1, running: 0 });
    expect(big.tasks[0]).toMatchObject({ state: "pending", error: "no suitable node (insufficient resources on 1 node)", exitCode: null });
    expect(judgeService(big, recordedAt)).toBe("service-degraded");
  });

  it("shows a forced update in progress", () => {
    const ok = byName.get("cascade-ok")!;
    expect(ok.updateStatus).toMatchObject({ state: "updating", message: "update in progress" });
  });
});
