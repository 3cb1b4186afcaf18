import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningBoard, startBoard } from "./board-server";
import { ROOT } from "./demo-stack";

export const TOKENS = {
  viewer: "viewer-token-0123456789abcdef",
  operator: "operator-token-0123456789abcdef",
  admin: "admin-token-0123456789abcdef-xyz",
};

/** The demo stack's config plus three users, one per role, and one container narrowed to restarts only. */
export function authConfig(extra = ""): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-auth-"));
  const file = path.join(dir, "cascade.yaml");
  fs.writeFileSync(
    file,
    `containers:
  - name: auren-prometheus
  - name: auren-api
    actions: [restart, set-restart-policy]
prometheus:
  url: http://127.0.0.1:19090
  container: auren-prometheus
metricsEndpoints:
  - name: biometric-api
    url: http://127.0.0.1:18888/metrics
    container: auren-api
    expect: [auren_webhook_requests_total]
grafana:
  dashboardsDir: ${path.join(ROOT, "demo/grafana/dashboards")}
auth:
  tokens:
    - name: vera
      role: viewer
      token: \${TEST_VIEWER_TOKEN}
    - name: otto
      role: operator
      token: \${TEST_OPERATOR_TOKEN}
    - name: ada
      role: admin
      token: \${TEST_ADMIN_TOKEN}
${extra}`,
  );
  return file;
}

export async function startAuthBoard(extra = "", env: Record<string, string> = {}): Promise<RunningBoard & { dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-data-"));
  const board = await startBoard(authConfig(extra), {
    CASCADE_DATA_DIR: dataDir,
    TEST_VIEWER_TOKEN: TOKENS.viewer,
    TEST_OPERATOR_TOKEN: TOKENS.operator,
    TEST_ADMIN_TOKEN: TOKENS.admin,
    ...env,
  });
  return { ...board, dataDir };
}

export const bearer = (role: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[role]}` });

/** Signs in through POST /api/session and returns the session cookie. */
export async function signIn(url: string, role: keyof typeof TOKENS, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, ...headers },
    body: JSON.stringify({ token: TOKENS[role] }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}
