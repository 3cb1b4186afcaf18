import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CASCADE_TEST_IMAGE } from "./cascade-image";
import { ROOT } from "./demo-stack";

const run = promisify(execFile);

export const TOKENS = { operator: "image-operator-token-0123456789", admin: "image-admin-token-0123456789ab" };

/** A config folder for /etc/cascade: the demo stack reached at `dockerHost`, the demo's dashboards beside it. */
export function imageConfig(dockerHost: string | null, extra = ""): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-image-config-"));
  fs.chmodSync(dir, 0o755);
  fs.cpSync(path.join(ROOT, "demo/grafana/dashboards"), path.join(dir, "dashboards"), { recursive: true });
  const docker = dockerHost ? `docker:\n  host: ${dockerHost}\n` : "";
  fs.writeFileSync(
    path.join(dir, "cascade.yaml"),
    `${docker}containers:
  - name: auren-prometheus
  - name: auren-api
prometheus:
  url: http://127.0.0.1:19090
  container: auren-prometheus
metricsEndpoints:
  - name: biometric-api
    url: http://127.0.0.1:18888/metrics
    container: auren-api
    expect: [auren_webhook_requests_total]
grafana:
  dashboardsDir: dashboards
auth:
  tokens:
    - name: otto
      role: operator
      token: \${CASCADE_OPERATOR_TOKEN}
    - name: ada
      role: admin
      token: \${CASCADE_ADMIN_TOKEN}
${extra}`,
  );
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  }
  return dir;
}

/** `docker run -d` of the test image under `name` (an old one of that name is removed first). */
export async function runContainer(name: string, options: string[], command: string[] = []): Promise<void> {
  await run("docker", ["rm", "-f", name]).catch(() => undefined);
  await run("docker", ["run", "-d", "--name", name, ...options, CASCADE_TEST_IMAGE, ...command]);
}

/** Polls `probe` until it returns something other than null, or throws after `ms`. */
export async function waitFor<T>(ms: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`gave up after ${ms / 1000} s${last ? `: ${String(last)}` : ""}`);
}
