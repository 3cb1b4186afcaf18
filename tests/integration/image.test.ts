import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntrySchema } from "@/lib/contracts/operations";
import { startBadUpstream } from "../support/bad-upstream";
import { buildCascadeImage, CASCADE_TEST_IMAGE } from "../support/cascade-image";
import { demo, docker, ROOT } from "../support/demo-stack";
import { freePort } from "../support/free-port";
import { type RunningHaproxy, startHaproxy } from "../support/haproxy";
import { imageConfig, runContainer, TOKENS, waitFor } from "../support/image-run";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// The done-when of "run it where the stack runs": the image built on the local node base, run as Docker users run it
// (host network, config read-only, read-only root filesystem, /data for the store, a non-root user in the socket's
// group), reaching the Docker API only through HAProxy with docs/socket-proxy/haproxy-read-only.cfg as written.

const NAME = "cascade-image-test";
const run = promisify(execFile);

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

describe("the image says clearly what is wrong", () => {
  const runOnce = (options: string[]) =>
    run("docker", ["run", "--rm", "--network", "host", "--read-only", "--tmpfs", "/tmp", ...options, CASCADE_TEST_IMAGE]).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
  let refusing: http.Server;
  let hanging: Awaited<ReturnType<typeof startBadUpstream>>;
  beforeAll(async () => {
    refusing = http.createServer((_request, response) =>
      response.writeHead(403, { "content-type": "text/html" }).end("<h1>403 Forbidden</h1>"),
    );
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    hanging = await startBadUpstream();
    hanging.set("hang");
  });
  afterAll(async () => {
    refusing?.closeAllConnections();
    refusing?.close();
    await hanging?.close();
    for (const name of ["cascade-image-bad-socket", "cascade-image-bad-proxy", "cascade-image-hung-proxy"])
      await docker("rm", "-f", name).catch(() => "");
  });

  it("a config file missing: one line naming it, exit code 3", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-image-empty-"));
    fs.chmodSync(empty, 0o755);
    const { code, output } = await runOnce(["--user", "10001:10001", "-v", `${empty}:/etc/cascade:ro`, "-e", `PORT=${await freePort()}`]);
    expect(code).toBe(3);
    expect(output).toContain("cascade: /etc/cascade/cascade.yaml: file not found (set CASCADE_CONFIG or --config)");
  });

  it("/data not writable: one line saying so, exit code 5", async () => {
    const rootOwned = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-image-rootdata-"));
    const { code, output } = await runOnce([
      "--user",
      "10001:10001",
      "-v",
      `${imageConfig(null)}:/etc/cascade:ro`,
      "-v",
      `${rootOwned}:/data`,
      "-e",
      `PORT=${await freePort()}`,
      "-e",
      `CASCADE_OPERATOR_TOKEN=${TOKENS.operator}`,
      "-e",
      `CASCADE_ADMIN_TOKEN=${TOKENS.admin}`,
    ]);
    expect(code).toBe(5);
    expect(output).toContain("the data directory /data is not writable by uid 10001 (EACCES)");
  });

  const boardDocker = async (name: string, dockerHost: string | null, options: string[]) => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-image-data-"));
    fs.chownSync(dataDir, 10001, 10001);
    await runContainer(name, [
      "--network",
      "host",
      "--read-only",
      "--tmpfs",
      "/tmp",
      ...options,
      "-v",
      `${imageConfig(dockerHost, "timeouts:\n  upstreamMs: 1500\n")}:/etc/cascade:ro`,
      "-v",
      `${dataDir}:/data`,
      "-e",
      `PORT=${port}`,
      "-e",
      `CASCADE_OPERATOR_TOKEN=${TOKENS.operator}`,
      "-e",
      `CASCADE_ADMIN_TOKEN=${TOKENS.admin}`,
    ]);
    return waitFor(60_000, async () => {
      const board = await (
        await fetch(`http://127.0.0.1:${port}/api/board`, { headers: { authorization: `Bearer ${TOKENS.operator}` } })
      ).json();
      return board.docker ? (board.docker as { reachable: boolean; error: string | null }) : null;
    });
  };

  it("a socket the container user cannot read: Docker unreachable on the board, permission denied", async () => {
    const docker = await boardDocker("cascade-image-bad-socket", null, [
      "--user",
      "10001:10001",
      "-v",
      "/var/run/docker.sock:/var/run/docker.sock",
    ]);
    expect(docker).toEqual({
      reachable: false,
      version: null,
      error: "cannot reach the Docker Engine: permission denied on the Docker socket",
    });
  });

  it("a proxy that answers 403 or hangs: Docker unreachable on the board, with the refused call or the timeout", async () => {
    const refused = await boardDocker("cascade-image-bad-proxy", `tcp://127.0.0.1:${(refusing.address() as AddressInfo).port}`, [
      "--user",
      "10001:10001",
    ]);
    expect(refused.error).toBe("the Docker socket proxy refused GET /version: 403");
    const hung = await boardDocker("cascade-image-hung-proxy", `tcp://${new URL(hanging.url).host}`, ["--user", "10001:10001"]);
    expect(hung.reachable).toBe(false);
    expect(hung.error).toBe("Docker Engine did not answer within 1500 ms");
  });
});
