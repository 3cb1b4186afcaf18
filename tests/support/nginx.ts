import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./demo-stack";
import { freePort } from "./free-port";

// Debian's nginx running the server block of docs/reverse-proxy/nginx.conf, with a self-signed certificate made by
// openssl for 127.0.0.1. Only the listen address, the certificate paths and the board's port are filled in.

export interface RunningNginx {
  origin: string;
  /** An HTTPS request that trusts the test certificate: status, headers and the whole body. */
  request(method: string, urlPath: string, headers?: Record<string, string>, body?: string): Promise<TlsAnswer>;
  /** Opens a stream and collects its body as it arrives; `close` ends it. */
  stream(
    urlPath: string,
    headers?: Record<string, string>,
  ): { chunks: { at: number; text: string }[]; close: () => void; status: Promise<TlsAnswer> };
  stop(): Promise<void>;
}

export interface TlsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function startNginx(boardPort: number): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-nginx-"));
  fs.chmodSync(dir, 0o755);
  const cert = path.join(dir, "board.pem");
  const key = path.join(dir, "board.key");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  const port = await freePort();
  const server = fs
    .readFileSync(path.join(ROOT, "docs/reverse-proxy/nginx.conf"), "utf8")
    .replace("listen 443 ssl;", `listen 127.0.0.1:${port} ssl;`)
    .replace("/etc/ssl/certs/board.example.com.pem", cert)
    .replace("/etc/ssl/private/board.example.com.key", key)
    .replaceAll("http://127.0.0.1:3000", `http://127.0.0.1:${boardPort}`);
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log ${dir}/access.log;\n` +
      `  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}\n  gzip on;\n  gzip_types text/event-stream application/json;\n${server}\n}\n`,
  );
  const child: ChildProcess = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk) => (output += chunk));
  const ca = fs.readFileSync(cert);
  const origin = `https://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(socket.end() && true));
      socket.on("error", () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    request: (method, urlPath, headers = {}, body) =>
      new Promise<TlsAnswer>((resolve, reject) => {
        const request = https.request(`${origin}${urlPath}`, { method, headers, ca }, (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        });
        request.on("error", reject);
        request.end(body);
      }),
    stream(urlPath, headers = {}) {
      const chunks: { at: number; text: string }[] = [];
      let request: ReturnType<typeof https.request> | undefined;
      const status = new Promise<TlsAnswer>((resolve, reject) => {
        request = https.request(`${origin}${urlPath}`, { method: "GET", headers, ca }, (response) => {
          response.setEncoding("utf8");
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: "" });
          response.on("data", (text: string) => chunks.push({ at: Date.now(), text }));
          response.on("error", () => undefined);
        });
        request.on("error", (error) => (chunks.length ? undefined : reject(error)));
        request.end();
      });
      return { chunks, status, close: () => request?.destroy() };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGQUIT");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
