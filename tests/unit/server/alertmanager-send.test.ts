import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendRequest, splitCredentials } from "@/server/notify/alertmanager/send";

// The Alertmanager channel's and the heartbeat's one request, against a local HTTP server that misbehaves on
// purpose: a hang is a timeout, a redirect is not followed, 10 MB are not read, a refusal is a failure, never a throw.

let server: http.Server;
let base = "";
const seen: { path: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push({ path: request.url ?? "", authorization: request.headers.authorization });
    if (request.url === "/hang") return; // never answers
    if (request.url === "/redirect") return response.writeHead(301, { location: "http://127.0.0.1:1/elsewhere" }).end();
    if (request.url === "/error") return response.writeHead(500).end("boom");
    if (request.url === "/huge") {
      response.writeHead(200);
      const chunk = Buffer.alloc(1024 * 1024, "x");
      for (let i = 0; i < 10; i++) response.write(chunk);
      return response.end();
    }
    response.writeHead(200).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("one outgoing alerting request", () => {
  it("sends credentials of the URL as Basic auth, never in the URL", async () => {
    const { url, headers } = splitCredentials("http://user:p%40ss@127.0.0.1:9093/");
    expect(url).toBe("http://127.0.0.1:9093/");
    expect(headers.authorization).toBe(`Basic ${Buffer.from("user:p@ss").toString("base64")}`);
    const result = await sendRequest(`${base.replace("http://", "http://user:secret@")}/ok`, { method: "POST", body: "[]" });
    expect(result).toEqual({ ok: true, status: 200 });
    expect(seen.at(-1)).toEqual({ path: "/ok", authorization: `Basic ${Buffer.from("user:secret").toString("base64")}` });
  });

  it("gives up on a receiver that never answers", async () => {
    const started = Date.now();
    const result = await sendRequest(`${base}/hang`, { method: "POST", body: "[]", timeoutMs: 300 });
    expect(result).toEqual({ ok: false, status: null, error: "no answer within 300 ms" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("does not follow a redirect, reports a 500 with its answer, and does not read 10 MB", async () => {
    expect(await sendRequest(`${base}/redirect`, { method: "POST", body: "[]" })).toEqual({
      ok: false,
      status: 301,
      error: "HTTP 301: redirects are not followed",
    });
    expect(await sendRequest(`${base}/error`, { method: "POST", body: "[]" })).toEqual({ ok: false, status: 500, error: "HTTP 500: boom" });
    expect(await sendRequest(`${base}/huge`, { method: "GET" })).toEqual({ ok: true, status: 200 });
    expect(seen.some((request) => request.path === "/elsewhere")).toBe(false);
  });

  it("reports a refused connection", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await sendRequest(`http://127.0.0.1:${port}/api/v2/alerts`, { method: "POST", body: "[]" })).toEqual({
      ok: false,
      status: null,
      error: "connection refused",
    });
  });
});
