import http from "node:http";
import type { AddressInfo } from "node:net";

export type Behaviour = "html" | "huge" | "stall-body" | "garbage" | "http-500" | "hang";

/** A real HTTP server on loopback that misbehaves the way broken upstreams do. */
export async function startBadUpstream(): Promise<{ url: string; set: (behaviour: Behaviour) => void; close: () => Promise<void> }> {
  let behaviour: Behaviour = "html";
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((_request, response) => {
    switch (behaviour) {
      case "html":
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        response.end("<!doctype html><html><head><title>Login</title></head><body><h1>Please sign in</h1></body></html>");
        return;
      case "huge": {
        response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        const line = `big_metric{label="${"x".repeat(100)}"} 1\n`;
        let sent = 0;
        const write = () => {
          while (sent < 12 * 1024 * 1024) {
            sent += line.length;
            if (!response.write(line)) return void response.once("drain", write);
          }
          response.end();
        };
        write();
        return;
      }
      case "stall-body":
        response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        response.write("# HELP half_sent A body that never finishes.\n# TYPE half_sent gauge\nhalf_sent 1\n");
        return;
      case "garbage":
        response.writeHead(200, { "content-type": "application/json" });
        response.end("\u0000\u0001 this is not json {{{");
        return;
      case "http-500":
        response.writeHead(500, { "content-type": "text/plain" });
        response.end("internal server error");
        return;
      case "hang":
        return;
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (next) => (behaviour = next),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
