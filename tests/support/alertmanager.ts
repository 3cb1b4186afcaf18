// A real Alertmanager (Debian's prometheus-alertmanager) on a free loopback port, its webhook receiver pointed at a
// local HTTP server that keeps every notification it gets, with short group timings so a notification follows an
// alert within seconds. No Docker involved; no cluster (--cluster.listen-address=).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

/** One alert of an Alertmanager webhook notification (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export interface NotifiedAlert {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface Notification {
  receivedAt: number;
  status: "firing" | "resolved";
  alerts: NotifiedAlert[];
}

export interface RunningAlertmanager {
  /** The Alertmanager's base URL (the channel's `url`). */
  url: string;
  /** Every webhook notification received so far, oldest first. */
  notifications: () => Notification[];
  /** Every alert of those notifications, flattened, oldest first. */
  notifiedAlerts: () => (NotifiedAlert & { receivedAt: number })[];
  /** The alerts Alertmanager holds now (GET /api/v2/alerts). */
  currentAlerts: () => Promise<{ labels: Record<string, string>; status: { state: string }; endsAt: string }[]>;
  stop: () => Promise<void>;
}

export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const received: Notification[] = [];
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Omit<Notification, "receivedAt">;
        received.push({ receivedAt: Date.now(), status: body.status, alerts: body.alerts });
      } catch {
        // Not a notification: nothing to keep.
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hookPort = (receiver.address() as net.AddressInfo).port;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-alertmanager-"));
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, "alertmanager.yml"),
    `global:
  resolve_timeout: 10s
route:
  receiver: hook
  group_by: [alertname, incident]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:${hookPort}/hook
        send_resolved: true
`,
  );
  const child: ChildProcess = spawn(
    "prometheus-alertmanager",
    [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr!.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await new Promise((resolve) => receiver.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Alertmanager exited with ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) {
      return {
        url,
        notifications: () => [...received],
        notifiedAlerts: () =>
          received.flatMap((notification) => notification.alerts.map((alert) => ({ ...alert, receivedAt: notification.receivedAt }))),
        currentAlerts: async () => (await fetch(`${url}/api/v2/alerts`)).json(),
        stop,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`Alertmanager did not get ready within 30 s:\n${log}`);
}
