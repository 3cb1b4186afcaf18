import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

// A small proxy on a unix socket in front of the real Docker socket, for tests that need Docker to fail in one
// place only. Every request is forwarded as is, except a container inspect (GET /containers/{name}/json, the call
// that reads a container's environment) while `inspect` is "fail" (answers 500) or "hang" (never answers).

export type InspectMode = "pass" | "fail" | "hang";

export interface DockerProxy {
  socketPath: string;
  setInspect(mode: InspectMode): void;
  /** Inspect requests refused or left hanging since the mode last changed. */
  blockedInspects(): number;
  /** Every request ("GET /version", without the API version prefix or the query) since the start or the last reset. */
  requests(): string[];
  /** The names (or ids) of the containers inspected through the proxy, in order: read from requests(). */
  inspected(): string[];
  /** Forgets the requests so far. */
  reset(): void;
  /** While down, every connection is closed without an answer (an engine that went away). */
  setDown(down: boolean): void;
  stop(): Promise<void>;
}

const INSPECT = /^\/(v[\d.]+\/)?containers\/[^/]+\/json(\?|$)/;

export async function startDockerProxy(target = "/var/run/docker.sock"): Promise<DockerProxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-dproxy-"));
  const socketPath = path.join(dir, "docker.sock");
  let mode: InspectMode = "pass";
  let blocked = 0;
  let requests: string[] = [];
  let down = false;
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${(request.url ?? "").split("?")[0]!.replace(/^\/v[\d.]+\//, "/")}`);
    if (down) {
      request.socket.destroy();
      return;
    }
    if (request.method === "GET" && INSPECT.test(request.url ?? "") && mode !== "pass") {
      blocked++;
      if (mode === "fail") {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: "test proxy: inspect refused" }));
      } else {
        hanging.add(response);
        response.on("close", () => hanging.delete(response));
      }
      return;
    }
    const upstream = http.request({ socketPath: target, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.destroy());
    response.on("close", () => upstream.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    setInspect(next) {
      mode = next;
      blocked = 0;
    },
    blockedInspects: () => blocked,
    requests: () => requests,
    inspected: () =>
      requests.flatMap((line) => {
        const inspect = /^GET \/containers\/([^/]+)\/json$/.exec(line);
        return inspect ? [decodeURIComponent(inspect[1]!)] : [];
      }),
    reset: () => {
      requests = [];
    },
    setDown: (next) => {
      down = next;
    },
    async stop() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
