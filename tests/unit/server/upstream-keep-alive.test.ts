import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fetchUpstream } from "@/server/upstreams/http";

// Upstream connections are kept between requests (and collections); a kept connection the server closes just as a
// request goes out on it costs that request nothing. Real HTTP servers on loopback, no mocks.

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server answering "ok <n>"; it counts connections, and `dropSecondOnEach` closes a connection at its second request. */
async function startServer(options: { dropSecondOnEach?: boolean } = {}) {
  let connections = 0;
  let answered = 0;
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((request, response) => {
    const seen = (perSocket.get(request.socket) ?? 0) + 1;
    perSocket.set(request.socket, seen);
    if (options.dropSecondOnEach && seen === 2) {
      request.socket.destroy(); // what a server's idle timeout does when it fires as the request arrives
      return;
    }
    answered++;
    response.end(`ok ${answered}`);
  });
  server.on("connection", () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, connections: () => connections };
}

describe("upstream connections", () => {
  it("are kept: five requests one after the other use one connection", async () => {
    const server = await startServer();
    const bodies: string[] = [];
    for (let request = 0; request < 5; request++) bodies.push((await fetchUpstream("prometheus", server.url, { timeoutMs: 5_000 })).body);
    expect(bodies).toEqual(["ok 1", "ok 2", "ok 3", "ok 4", "ok 5"]);
    expect(server.connections()).toBe(1);
  });

  it("send a request again on a new connection when the server closed the kept one under it", async () => {
    const server = await startServer({ dropSecondOnEach: true });
    const first = await fetchUpstream("prometheus", server.url, { timeoutMs: 5_000 });
    const second = await fetchUpstream("prometheus", server.url, { timeoutMs: 5_000 });
    expect([first.status, first.body, second.status, second.body]).toEqual([200, "ok 1", 200, "ok 2"]);
    expect(server.connections()).toBe(2);
  });

  it("still fail when nothing answers on a new connection either", async () => {
    const server = await startServer();
    await fetchUpstream("prometheus", server.url, { timeoutMs: 5_000 });
    const closed = servers.pop()!;
    closed.closeAllConnections();
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchUpstream("prometheus", server.url, { timeoutMs: 5_000 })).rejects.toMatchObject({
      upstream: "prometheus",
      kind: "network",
      message: expect.stringContaining("connection refused"),
    });
  });
});
