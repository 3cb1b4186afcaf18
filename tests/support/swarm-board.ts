import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TOKENS } from "./auth-board";
import { type RunningBoard, startBoard } from "./board-server";
import { SWARM_IMAGE, type SwarmEngine } from "./swarm-engine";

/**
 * A service that wants two replicas of an httpd on one host-network port: the first binds it, the second cannot,
 * exits 1 ("task: non-zero exit (1)") and Swarm keeps retrying it, so the service is degraded (1 of 2 running).
 * `options` go before the image (`--label`, ...).
 */
export async function createClashingService(engine: SwarmEngine, name: string, port: number, options: string[] = []): Promise<void> {
  await engine.docker(
    "service",
    "create",
    "-d",
    "--name",
    name,
    "--network",
    "host",
    "--replicas",
    "2",
    ...options,
    SWARM_IMAGE,
    "httpd",
    "-f",
    "-p",
    `127.0.0.1:${port}`,
  );
}

/**
 * The built board watching one service (maxReplicas 3, collected every second) with one user per role (TOKENS), its
 * config and data in a folder of their own. `docker` is the body of cascade.yaml's `docker:` (`socketPath: ...`).
 */
export async function startSwarmBoard(docker: string, service: string): Promise<RunningBoard & { dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-swarm-board-"));
  const config = path.join(dataDir, "cascade.yaml");
  fs.writeFileSync(
    config,
    `docker:
  ${docker}
services:
  - name: ${service}
    maxReplicas: 3
timeouts:
  refreshMs: 1000
auth:
  tokens:
    - { name: vera, role: viewer, token: "\${TEST_VIEWER_TOKEN}" }
    - { name: otto, role: operator, token: "\${TEST_OPERATOR_TOKEN}" }
    - { name: ada, role: admin, token: "\${TEST_ADMIN_TOKEN}" }
`,
  );
  const board = await startBoard(config, {
    CASCADE_DATA_DIR: dataDir,
    TEST_VIEWER_TOKEN: TOKENS.viewer,
    TEST_OPERATOR_TOKEN: TOKENS.operator,
    TEST_ADMIN_TOKEN: TOKENS.admin,
  });
  return { ...board, dataDir };
}
