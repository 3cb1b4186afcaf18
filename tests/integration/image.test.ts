import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntrySchema } from "@/lib/contracts/operations";
import { buildCascadeImage } from "../support/cascade-image";
import { demo, docker, ROOT } from "../support/demo-stack";
import { type RunningHaproxy, startHaproxy } from "../support/haproxy";
import { freePort, imageConfig, runContainer, TOKENS, waitFor } from "../support/image-run";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// The done-when of "run it where the stack runs": the image built on the local node base, run as Docker users run it
// (host network, config read-only, read-only root filesystem, /data for the store, a non-root user in the socket's
// group), reaching the Docker API only through HAProxy with docs/socket-proxy/haproxy-read-only.cfg as written.

const NAME = "cascade-image-test";

describe("the Cascade image behind the read-only socket proxy", () => {
  let haproxy: RunningHaproxy;
  let url: string;
  const auth = { authorization: `Bearer ${TOKENS.operator}` };

  beforeAll(async () => {
    const { sizeBytes } = buildCascadeImage();
    console.log(`cascade image: ${(sizeBytes / 1e6).toFixed(1)} MB`);
    haproxy = await startHaproxy(path.join(ROOT, "docs/socket-proxy/haproxy-read-only.cfg"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const configDir = imageConfig(`tcp://127.0.0.1:${haproxy.port}`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-image-data-"));
    fs.chownSync(dataDir, 10001, 10001);
    const socketGroup = fs.statSync("/var/run/docker.sock").gid;
    await runContainer(NAME, [
      "--network",
      "host",
      "--read-only",
      "--tmpfs",
      "/tmp",
      "--user",
      `10001:${socketGroup}`,
      "--health-interval",
      "2s",
      "-v",
      `${configDir}:/etc/cascade:ro`,
      "-v",
      `${dataDir}:/data`,
      "-e",
      `PORT=${port}`,
      "-e",
      `CASCADE_OPERATOR_TOKEN=${TOKENS.operator}`,
      "-e",
      `CASCADE_ADMIN_TOKEN=${TOKENS.admin}`,
    ]);
  }, 600_000);

  afterAll(async () => {
    await docker("rm", "-f", NAME).catch(() => "");
    await haproxy?.stop();
    await demo("heal");
  });

  it("is reported healthy by Docker (its HEALTHCHECK runs node against /api/health)", async () => {
    // The health endpoint is healthy while collections are fresh: a viewer keeps the board collecting meanwhile.
    const health = await waitFor(90_000, async () => {
      await fetch(`${url}/api/board`, { headers: auth }).catch(() => undefined);
      const status = await docker("inspect", "-f", "{{.State.Health.Status}}", NAME);
      return status === "healthy" ? status : null;
    });
    expect(health).toBe("healthy");
    expect(await docker("inspect", "-f", "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{len .Mounts}}", NAME)).toBe(
      `10001:${fs.statSync("/var/run/docker.sock").gid} true 2`,
    );
    const mounts = await docker("inspect", "-f", "{{range .Mounts}}{{.Destination}} {{.RW}};{{end}}", NAME);
    expect(mounts.split(";").filter(Boolean).sort()).toEqual(["/data true", "/etc/cascade false"]);
  });

  it("shows the demo stack during demo:incident, read through the proxy", async () => {
    await demo("incident");
    const board = await waitFor(60_000, async () => {
      const answer = await (await fetch(`${url}/api/board`, { headers: auth })).json();
      const prometheus = answer.containers?.find((container: { name: string }) => container.name === "auren-prometheus");
      return prometheus?.state === "exited" ? answer : null;
    });
    expect(board.containers.map((container: { name: string }) => container.name).sort()).toEqual(["auren-api", "auren-prometheus"]);
    expect(board.status).toBe("down");
    expect(
      haproxy.requests().some((request) => request.method === "GET" && request.path.includes("/containers/auren-prometheus/json")),
    ).toBe(true);
  });

  it("refuses the start action with the proxy's 403, in the answer and in the audit log", async () => {
    const response = await fetch(`${url}/api/containers/auren-prometheus/start`, { method: "POST", headers: auth });
    const body = await response.json();
    expect(response.status).toBe(502);
    expect(body.error.message).toContain("the Docker socket proxy refused POST /containers/auren-prometheus/start: 403");
    expect(await docker("inspect", "-f", "{{.State.Running}}", "auren-prometheus")).toBe("false");
    const audit = await (await fetch(`${url}/api/audit`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json();
    const rows = (audit.entries as unknown[]).map((entry) => auditEntrySchema.parse(entry));
    const refused = rows.find((row) => row.action === "container.start" && row.result === "error");
    expect(refused?.detail).toContain("the Docker socket proxy refused POST /containers/auren-prometheus/start: 403");
    expect(haproxy.requests()).toContainEqual({ method: "POST", path: "/containers/auren-prometheus/start", status: 403 });
  });
});
