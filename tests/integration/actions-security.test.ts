import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntrySchema } from "@/lib/contracts/operations";
import { bearer, signIn, startAuthBoard, TOKENS } from "../support/auth-board";
import type { RunningBoard } from "../support/board-server";
import { demo, docker } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";
import { startPostgresServer } from "../support/postgres-server";

needsDemoStack();

// Every state-changing route refuses whoever should not act: checked against the built board on the real stack.
const ROUTES: [string, string, unknown][] = [
  ["restart", "/api/containers/auren-prometheus/restart", undefined],
  ["start", "/api/containers/auren-prometheus/start", undefined],
  ["restart-policy", "/api/containers/auren-prometheus/restart-policy", { name: "unless-stopped" }],
];

describe("who may change a container", () => {
  let board: RunningBoard & { dataDir: string };
  let operatorCookie: string;
  let viewerCookie: string;
  beforeAll(async () => {
    await demo("heal");
    board = await startAuthBoard();
    operatorCookie = await signIn(board.url, "operator");
    viewerCookie = await signIn(board.url, "viewer");
  });
  afterAll(async () => {
    await board?.stop();
    await docker("update", "--restart", "no", "auren-prometheus").catch(() => "");
    await demo("heal");
  });

  const post = (path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${board.url}${path}`, {
      method: "POST",
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it.each(ROUTES)("%s refuses no credentials, a viewer, cross-site cookies and a crafted middleware header", async (_name, path, body) => {
    const startedAt = await docker("inspect", "-f", "{{.State.StartedAt}}", "auren-prometheus");
    const cases: [Record<string, string>, number, string][] = [
      [{}, 401, "unauthenticated"],
      [{ "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" }, 401, "unauthenticated"],
      [bearer("viewer"), 403, "forbidden"],
      [{ cookie: viewerCookie, origin: board.url }, 403, "forbidden"],
      [{ cookie: operatorCookie }, 403, "csrf_rejected"],
      [{ cookie: operatorCookie, origin: "null" }, 403, "csrf_rejected"],
      [{ cookie: operatorCookie, origin: "http://evil.example" }, 403, "csrf_rejected"],
      [{ authorization: "Bearer not-a-real-token-at-all" }, 401, "unauthenticated"],
    ];
    for (const [headers, status, code] of cases) {
      const response = await post(path, headers, body);
      expect([JSON.stringify(headers), response.status]).toEqual([JSON.stringify(headers), status]);
      expect((await response.json()).error.code).toBe(code);
    }
    expect(await docker("inspect", "-f", "{{.State.StartedAt}}", "auren-prometheus")).toBe(startedAt);
  });

  it("refuses containers outside the config (404) and actions the config narrows away (403)", async () => {
    const outside = await post("/api/containers/some-other-container/restart", bearer("operator"));
    expect(outside.status).toBe(404);
    expect((await outside.json()).error.code).toBe("container_not_watched");
    const narrowed = await post("/api/containers/auren-api/start", bearer("operator"));
    expect(narrowed.status).toBe(403);
    expect((await narrowed.json()).error.message).toMatch(/does not allow start on auren-api \(allowed: restart, set-restart-policy\)/);
  });

  it("answers bad input with a clear JSON error", async () => {
    const cases: [RequestInit, number, string][] = [
      [
        { method: "POST", headers: { ...bearer("operator"), "content-type": "application/json" }, body: '{"name": "sometimes"}' },
        422,
        "invalid_body",
      ],
      [{ method: "POST", headers: { ...bearer("operator"), "content-type": "application/json" }, body: '{"name":' }, 400, "invalid_json"],
      [
        {
          method: "POST",
          headers: { ...bearer("operator"), "content-type": "application/json" },
          body: JSON.stringify({ name: "no", pad: "x".repeat(20_000) }),
        },
        413,
        "body_too_large",
      ],
      [{ method: "POST", headers: { ...bearer("operator"), "content-type": "text/plain" }, body: "no" }, 415, "unsupported_media_type"],
      [{ method: "GET" }, 405, "method_not_allowed"],
    ];
    for (const [init, status, code] of cases) {
      const response = await fetch(`${board.url}/api/containers/auren-prometheus/restart-policy`, init);
      expect([code, response.status]).toEqual([code, status]);
      expect((await response.json()).error.code).toBe(code);
    }
  });

  it("after demo:incident, start brings auren-prometheus back, audited before and after, and on the timeline", async () => {
    await demo("incident");
    const response = await post("/api/containers/auren-prometheus/start", { cookie: operatorCookie, origin: board.url });
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ container: "auren-prometheus", action: "start", outcome: "done", verifyUrl: "/api/verify" });
    expect(await docker("inspect", "-f", "{{.State.Status}}", "auren-prometheus")).toBe("running");
    const again = await post("/api/containers/auren-prometheus/start", bearer("operator"));
    expect(await again.json()).toMatchObject({ outcome: "already-running", message: "auren-prometheus is already running." });

    const audit = await (await fetch(`${board.url}/api/audit`, { headers: bearer("admin") })).json();
    const rows = (audit.entries as unknown[])
      .map((entry) => auditEntrySchema.parse(entry))
      .filter((entry) => entry.requestId === result.requestId);
    expect(rows.map((row) => [row.actor, row.role, row.action, row.subject, row.result]).reverse()).toEqual([
      ["otto", "operator", "container.start", "local/auren-prometheus", "started"],
      ["otto", "operator", "container.start", "local/auren-prometheus", "ok"],
    ]);
    const boardJson = await (await fetch(`${board.url}/api/board`, { headers: bearer("viewer") })).json();
    expect(
      boardJson.timeline.some(
        (event: { kind: string; text: string }) => event.kind === "container.start" && event.text.startsWith("start by otto: ok"),
      ),
    ).toBe(true);
  });

  it("sets the restart policy, as docker inspect shows", async () => {
    const response = await post("/api/containers/auren-prometheus/restart-policy", bearer("operator"), { name: "unless-stopped" });
    expect(response.status).toBe(200);
    expect(await docker("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", "auren-prometheus")).toBe("unless-stopped");
    const onFailure = await post("/api/containers/auren-prometheus/restart-policy", bearer("operator"), {
      name: "on-failure",
      maximumRetryCount: 3,
    });
    expect((await onFailure.json()).message).toMatch(/on-failure \(at most 3 retries\)/);
    expect(
      await docker(
        "inspect",
        "-f",
        "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}",
        "auren-prometheus",
      ),
    ).toBe("on-failure 3");
  });

  it("two concurrent restarts of one container restart it once: one 200, one 409 naming who", async () => {
    const since = Math.floor(Date.now() / 1000);
    const [first, second] = await Promise.all([
      post("/api/containers/auren-api/restart", bearer("operator")),
      post("/api/containers/auren-api/restart", { cookie: operatorCookie, origin: board.url }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const conflict = first.status === 409 ? await first.json() : await second.json();
    expect(conflict.error.message).toMatch(/^otto started restart on auren-api at /);
    const until = Math.ceil(Date.now() / 1000) + 1;
    const events = await docker(
      "events",
      "--since",
      String(since),
      "--until",
      String(until),
      "--filter",
      "container=auren-api",
      "--filter",
      "event=restart",
      "--format",
      "{{.Action}}",
    );
    expect(events.split("\n").filter(Boolean)).toEqual(["restart"]);
  });

  it("lists the audit log to admins only", async () => {
    expect((await fetch(`${board.url}/api/audit`, { headers: bearer("operator") })).status).toBe(403);
    expect((await fetch(`${board.url}/api/audit`)).status).toBe(401);
    const { entries } = await (await fetch(`${board.url}/api/audit`, { headers: bearer("admin") })).json();
    const actions = new Set(entries.map((entry: { action: string }) => entry.action));
    expect([...actions]).toEqual(
      expect.arrayContaining(["session.create", "container.start", "container.restart", "container.set-restart-policy"]),
    );
    expect(
      entries.some((entry: { result: string; action: string }) => entry.action === "container.restart" && entry.result === "denied"),
    ).toBe(true);
  });
});

/** A board of its own for the describe block that calls it: started before its tests, stopped after them. */
function boardForThisBlock(extra: string): { readonly url: string } {
  let board: RunningBoard | undefined;
  beforeAll(async () => {
    board = await startAuthBoard(extra);
  });
  afterAll(() => board?.stop());
  return {
    get url() {
      return board!.url;
    },
  };
}

describe("sign-in", () => {
  // Sessions of the default 12 hours, so that no test here depends on how fast the machine answers.
  const board = boardForThisBlock("  trustProxy: true\n");

  it("sets an HttpOnly, SameSite=Strict session cookie, and the board needs sign-in to be read", async () => {
    expect((await fetch(`${board.url}/api/board`)).status).toBe(401);
    const response = await fetch(`${board.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: board.url },
      body: JSON.stringify({ token: TOKENS.viewer }),
    });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^cascade_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect((await fetch(`${board.url}/api/board`, { headers: { cookie: cookie.split(";")[0]! } })).status).toBe(200);
  });

  it("rate-limits failed sign-ins per client", async () => {
    const attempt = (token: string) =>
      fetch(`${board.url}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7" },
        body: JSON.stringify({ token }),
      });
    for (let failure = 0; failure < 10; failure++) expect((await attempt("wrong-token-0123456789")).status).toBe(401);
    const limited = await attempt(TOKENS.admin);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(
      (
        await fetch(`${board.url}/api/session`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: board.url },
          body: JSON.stringify({ token: TOKENS.admin }),
        })
      ).status,
    ).toBe(200);
  });
});

describe("an expired session", () => {
  // Sessions of 1.8 seconds: the test waits past the end, so a slow machine only makes it wait longer, never fail.
  const board = boardForThisBlock("  sessionHours: 0.0005\n");

  it("is refused with a clear error", async () => {
    const cookie = await signIn(board.url, "operator");
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const response = await fetch(`${board.url}/api/containers/auren-api/restart`, {
      method: "POST",
      headers: { cookie, origin: board.url },
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toEqual({ code: "session_expired", message: "Your session has expired; sign in again." });
  });
});

describe("fail closed", () => {
  it("refuses the action when the audit log cannot be written, and changes nothing", async () => {
    // The store is opened at start (the watcher keeps its state there), so it is made to fail while the board runs:
    // a real PostgreSQL that stops answering.
    const postgres = await startPostgresServer();
    const board = await startAuthBoard("", { DATABASE_URL: await postgres.createDatabase(`fail_closed_${process.pid}`) });
    try {
      await postgres.stop();
      const startedAt = await docker("inspect", "-f", "{{.State.StartedAt}}", "auren-api");
      const response = await fetch(`${board.url}/api/containers/auren-api/restart`, { method: "POST", headers: bearer("operator") });
      expect(response.status).toBe(503);
      // The failed-sign-in limit lives in the same store, so the refusal comes before the action is even reached.
      expect((await response.json()).error.code).toBe("store_unavailable");
      expect(await docker("inspect", "-f", "{{.State.StartedAt}}", "auren-api")).toBe(startedAt);
    } finally {
      await board.stop();
      await postgres.stop();
    }
  });
});
