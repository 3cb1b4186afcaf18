import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthBoard, TOKENS } from "../support/auth-board";
import type { RunningBoard } from "../support/board-server";
import { needsDemoStack } from "../support/needs-demo-stack";
import { type RunningNginx, startNginx } from "../support/nginx";

needsDemoStack();

// docs/reverse-proxy.md's nginx example, for real: Debian's nginx with TLS (a self-signed certificate) in front of
// the built board with auth.trustProxy. The http block around it compresses event streams, as many distro configs
// do, so the example's own `gzip off; proxy_buffering off` on the stream is what is tested.

describe("Cascade behind nginx with TLS (docs/reverse-proxy/nginx.conf)", () => {
  let board: RunningBoard & { dataDir: string };
  let nginx: RunningNginx;

  beforeAll(async () => {
    board = await startAuthBoard("  trustProxy: true\ntimeouts:\n  refreshMs: 1000\n");
    nginx = await startNginx(Number(new URL(board.url).port));
  });
  afterAll(async () => {
    await nginx?.stop();
    await board?.stop();
  });

  it("signs in with a Secure cookie and accepts a cookie action from the proxied https origin", async () => {
    const signIn = await nginx.request(
      "POST",
      "/api/session",
      { "content-type": "application/json", origin: nginx.origin },
      JSON.stringify({ token: TOKENS.operator }),
    );
    expect(signIn.status).toBe(200);
    const setCookie = String(signIn.headers["set-cookie"]);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; Secure/);
    const cookie = setCookie.split(";")[0]!;
    const action = await nginx.request(
      "POST",
      "/api/containers/auren-prometheus/restart-policy",
      { cookie, origin: nginx.origin, "content-type": "application/json" },
      JSON.stringify({ name: "no" }),
    );
    expect([action.status, action.body]).toEqual([200, expect.stringContaining("restart policy is now no")]);
    // Straight to the board, the same cookie with the https origin is a foreign origin: trustProxy reads nginx's headers.
    const direct = await fetch(`${board.url}/api/containers/auren-prometheus/restart-policy`, {
      method: "POST",
      headers: { cookie, origin: nginx.origin, "content-type": "application/json" },
      body: JSON.stringify({ name: "no" }),
    });
    expect(direct.status).toBe(403);
  });

  it("passes the live board's events through unbuffered and uncompressed while the stream stays open", async () => {
    const stream = nginx.stream("/api/board/stream", { authorization: `Bearer ${TOKENS.viewer}`, "accept-encoding": "gzip" });
    const answer = await stream.status;
    try {
      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toMatch(/^text\/event-stream/);
      expect(answer.headers["content-encoding"]).toBeUndefined();
      const deadline = Date.now() + 20_000;
      const boards = () =>
        stream.chunks
          .map((chunk) => chunk.text)
          .join("")
          // A board when a verdict changed, else `checked`: both are pushes after a collection.
          .split(/event: (?:board|checked)\n/).length - 1;
      while (boards() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      // Two pushes, the second well after the first, each delivered on its own: the stream is not held back.
      expect(boards()).toBeGreaterThanOrEqual(2);
      const first = stream.chunks[0]!;
      expect(first.text).toContain("retry: 2000");
    } finally {
      stream.close();
    }
  });
});
