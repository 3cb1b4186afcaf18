// A real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port, scraping itself every second, with a
// real HTTP proxy in front that counts the /api/v1/query requests it forwards and can hold back chosen queries (a
// query Prometheus takes 30 s over) or everything (a hung Prometheus). No Docker involved.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

export interface LocalPrometheus {
  /** The proxy's URL: what the board is pointed at. */
  url: string;
  /** /api/v1/query requests forwarded (or held back) since the start or the last `resetCount`. */
  queries: () => string[];
  resetCount: () => void;
  /** Queries whose text contains this marker are held back (never answered) until `stop`. */
  holdQueriesContaining: (marker: string | null) => void;
  /** Hold back every request (a hung Prometheus). */
  hangAll: (hang: boolean) => void;
  stop: () => Promise<void>;
}

export interface LocalPrometheusOptions {
  /** A rule file's text (YAML), loaded with `rule_files` and evaluated every second. */
  rules?: string;
  /** More scrape jobs: job name -> its targets (host:port). */
  jobs?: Record<string, string[]>;
}

export async function startLocalPrometheus(options: LocalPrometheusOptions = {}): Promise<LocalPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-prom-"));
  const port = await freePort();
  const target = `127.0.0.1:${port}`;
  const jobs = Object.entries(options.jobs ?? {}).map(
    ([job, targets]) => `  - job_name: ${job}\n    static_configs: [{ targets: [${targets.map((t) => `'${t}'`).join(", ")}] }]\n`,
  );
  if (options.rules !== undefined) fs.writeFileSync(path.join(dir, "rules.yml"), options.rules);
  fs.writeFileSync(
    path.join(dir, "prometheus.yml"),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\n${options.rules !== undefined ? `rule_files: ['${path.join(dir, "rules.yml")}']\n` : ""}` +
      `scrape_configs:\n  - job_name: self\n    static_configs: [{ targets: ['${target}'] }]\n${jobs.join("")}`,
  );
  const child: ChildProcess = spawn(
    "/usr/bin/prometheus",
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
      `--web.listen-address=${target}`,
    ],
    { stdio: "ignore" },
  );
  let seen: string[] = [];
  let marker: string | null = null;
  let hang = false;
  const held = new Set<http.ServerResponse>();
  const proxy = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const isQuery = (request.url ?? "").startsWith("/api/v1/query");
      const query = isQuery ? (new URLSearchParams(body.toString()).get("query") ?? "") : "";
      if (isQuery) seen.push(query);
      if (hang || (isQuery && marker !== null && query.includes(marker))) {
        held.add(response);
        response.on("close", () => held.delete(response));
        return;
      }
      const upstream = http.request(
        { host: "127.0.0.1", port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on("error", () => response.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  const stop = async () => {
    for (const response of held) response.destroy();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Ready and scraped once: `up` and Prometheus's own metrics exist.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const scraped = await fetch(`http://${target}/api/v1/query?query=up`)
      .then((answer) => answer.json() as Promise<{ data?: { result?: unknown[] } }>)
      .then((json) => (json.data?.result?.length ?? 0) > 0)
      .catch(() => false);
    if (scraped) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error("the local Prometheus did not scrape itself within 30 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    queries: () => seen,
    resetCount: () => {
      seen = [];
    },
    holdQueriesContaining: (next) => {
      marker = next;
    },
    hangAll: (next) => {
      hang = next;
    },
    stop,
  };
}
