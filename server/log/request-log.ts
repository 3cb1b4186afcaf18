import "server-only";
import crypto from "node:crypto";
import http from "node:http";
import { processSingleton } from "@/server/process-singleton";
import { getLogger } from "./logger";

// Next's own server (`next start`, the standalone server.js) logs no requests, and neither proxy.ts (it runs before
// the answer exists and only for the paths it matches) nor a route wrapper (pages, static files and 404s never pass
// one) sees every answer's status and duration. So, once per process, at start-up (instrumentation-node.ts), every
// node:http server's "request" event is wrapped: one line per answer with reqId, method, path, status, ms. The
// reqId is also put on the request as X-Request-Id (unless the client sent a valid one), so routes that audit
// (requestIdOf in server/auth/guard.ts) write the same id the log line carries.

const VALID_ID = /^[\w.-]{8,100}$/;

function logAnswer(request: http.IncomingMessage, response: http.ServerResponse) {
  const started = performance.now();
  const given = request.headers["x-request-id"];
  const reqId = typeof given === "string" && VALID_ID.test(given) ? given : crypto.randomUUID();
  request.headers["x-request-id"] = reqId;
  const method = request.method ?? "GET";
  // The path only: a query string can carry a snapshot's delete secret.
  const path = (request.url ?? "/").split("?")[0]!;
  let logged = false;
  const done = (aborted: boolean) => {
    if (logged) return;
    logged = true;
    const fields = { reqId, method, path, status: response.statusCode, ms: Math.round(performance.now() - started) };
    // An SSE stream the browser closes ends as "close" without "finish": still one line, saying so.
    getLogger().info(aborted ? { ...fields, aborted: true } : fields, "request");
  };
  response.once("finish", () => done(false));
  response.once("close", () => done(!response.writableFinished));
}

/** Wraps http.Server's "request" event once per process; later calls do nothing. */
export function installRequestLog(): void {
  processSingleton("request-log", () => {
    const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
    http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") logAnswer(args[0] as http.IncomingMessage, args[1] as http.ServerResponse);
      return emit.call(this, event, ...args);
    };
    return true;
  });
}
