import "server-only";
import { isAscii } from "node:buffer";
import http from "node:http";
import https from "node:https";
import type { z } from "zod";
import { UpstreamError, type UpstreamName } from "./errors";

// The one HTTP helper for Prometheus, /metrics and Grafana. The deadline covers connecting *and* reading the body
// (a server that sends headers and then stalls is a timeout, not a hang), the body is capped in bytes, and a
// redirect is followed only within the same origin, so a watched URL cannot bounce the board to another host.

/**
 * The body as text. Most answers (Prometheus's 1 MB target list on a busy host) are plain ASCII, where latin1 gives the
 * same string several times faster than V8's UTF-8 decoder (measured: 0.05 ms against 6 ms for 1.15 MB).
 */
function decodeBody(body: Buffer): string {
  return isAscii(body) ? body.toString("latin1") : body.toString("utf8");
}
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface UpstreamRequest {
  timeoutMs: number;
  maxBytes?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export interface UpstreamResponse {
  url: string;
  status: number;
  contentType: string | null;
  body: string;
  bytes: number;
  latencyMs: number;
}

interface RawAnswer {
  status: number;
  location: string | null;
  contentType: string | null;
  text: string;
  bytes: number;
}

/**
 * Connections are kept between requests and between collections. Node's default agent closes an idle one after 5 s,
 * the refresh itself: on the busy host of issue 11 every collection connected anew about 40 times (Prometheus's
 * queries, target list, rules...), a cost on both ends. A free connection is closed after a minute unused.
 */
const KEEP_ALIVE = { keepAlive: true, timeout: 60_000, maxFreeSockets: 16, scheduling: "lifo" } as const;
const agents = { http: new http.Agent(KEEP_ALIVE), https: new https.Agent(KEEP_ALIVE) };

/** A kept connection the server closed just as the request went out on it: nothing was answered, so it is sent again. */
const closedUnderUs = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code === "ECONNRESET" || code === "EPIPE";
};

/**
 * One request with node:http(s), body read to the end within `maxBytes`. node:http rather than fetch: on the busy host
 * of issue 11 (a 2,000-target list and dozens of queries per collection) fetch's web streams cost about three times
 * the CPU of the same requests, on the same thread as the diagnosis. Nothing asks for compression.
 */
function send(
  url: string,
  request: UpstreamRequest,
  limits: { maxBytes: number; signal: AbortSignal; upstream: UpstreamName },
  retried = false,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers["content-length"] = Buffer.byteLength(request.body);
    const secure = target.protocol === "https:";
    const client = secure ? https : http;
    // The retry takes a connection of its own: the other kept ones may have been closed too.
    const agent = retried ? false : secure ? agents.https : agents.http;
    let answered = false;
    const outgoing = client.request(target, { method: request.method ?? "GET", headers, agent }, (response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const location = status >= 300 && status < 400 ? (response.headers.location ?? null) : null;
      const contentType = response.headers["content-type"] ?? null;
      if (location) {
        response.resume();
        resolve({ status, location, contentType, text: "", bytes: 0 });
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (bytes > limits.maxBytes) {
          outgoing.destroy();
          reject(new UpstreamError(limits.upstream, "too-large", `${url} sent more than ${limits.maxBytes} bytes`, status));
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () => resolve({ status, location: null, contentType, text: decodeBody(Buffer.concat(chunks, bytes)), bytes }));
      response.on("error", reject);
      response.on("aborted", () => reject(new Error("the connection closed before the answer was complete")));
    });
    const abort = () => outgoing.destroy(new Error("aborted"));
    if (limits.signal.aborted) abort();
    limits.signal.addEventListener("abort", abort, { once: true });
    outgoing.on("close", () => limits.signal.removeEventListener("abort", abort));
    outgoing.on("error", (error) => {
      if (!answered && !retried && outgoing.reusedSocket && closedUnderUs(error) && !limits.signal.aborted)
        resolve(send(url, request, limits, true));
      else reject(error);
    });
    outgoing.end(request.body);
  });
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause ?? (error as { code?: string; message?: string });
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ECONNRESET" || cause?.code === "UND_ERR_SOCKET") return "connection reset";
  if (cause?.code === "ENOTFOUND") return "host not found";
  return cause?.message ?? (error as Error).message ?? String(error);
}

/** Any HTTP status is an answer (callers judge it); no answer in time, too many bytes or no connection throws. */
export async function fetchUpstream(upstream: UpstreamName, url: string, request: UpstreamRequest): Promise<UpstreamResponse> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  const origin = new URL(url).origin;
  const limits = { maxBytes: request.maxBytes ?? DEFAULT_MAX_BYTES, signal: controller.signal, upstream };
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const answer = await send(current, request, limits);
      if (answer.location) {
        const next = new URL(answer.location, current);
        if (next.origin !== origin)
          throw new UpstreamError(upstream, "http", `${url} redirects to another host (${next.origin})`, answer.status);
        if (hop >= MAX_REDIRECTS)
          throw new UpstreamError(upstream, "http", `${url} redirects more than ${MAX_REDIRECTS} times`, answer.status);
        current = next.toString();
        continue;
      }
      return {
        url: current,
        status: answer.status,
        contentType: answer.contentType,
        body: answer.text,
        bytes: answer.bytes,
        latencyMs: Math.round(performance.now() - started),
      };
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (controller.signal.aborted) {
      throw new UpstreamError(upstream, "timeout", `${url} did not answer within ${request.timeoutMs} ms`);
    }
    throw new UpstreamError(upstream, "network", `${url}: ${describeNetworkError(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** What a JSON answer must look like, and how a refusal carries its message. */
export interface JsonAnswer<T> {
  schema: z.ZodType<T>;
  /** Statuses besides 2xx whose body is still an answer when it has `schema`'s shape (Grafana's 503 health). */
  answerStatuses?: number[];
  /** The fields of an error body that hold its message, the first present one wins. */
  messageFields?: string[];
}

/** The message an upstream put in a JSON error body (`{"error": "..."}`, `{"message": "..."}`), if any. */
export function jsonErrorMessage(body: string, fields: string[] = ["error", "message"]): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof json !== "object" || json === null) return null;
  for (const field of fields) {
    const message = (json as Record<string, unknown>)[field];
    if (typeof message === "string" && message) return message;
  }
  return null;
}

/**
 * The one reading of a JSON answer for every upstream client: a non-2xx status is an `http` error (with the body's
 * own message), a body that is not JSON or not of `schema`'s shape a `parse` error.
 */
export function parseJsonAnswer<T>(upstream: UpstreamName, url: string, response: UpstreamResponse, answer: JsonAnswer<T>): T {
  const { status } = response;
  const ok = status >= 200 && status < 300;
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    if (!ok) throw new UpstreamError(upstream, "http", `${url} answered HTTP ${status}`, status);
    throw new UpstreamError(upstream, "parse", `${url} did not answer JSON (${response.contentType ?? "no content type"})`, status);
  }
  const parsed = answer.schema.safeParse(json);
  if (ok || (answer.answerStatuses?.includes(status) && parsed.success)) {
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new UpstreamError(
      upstream,
      "parse",
      `${url} answered an unexpected shape (${issue?.path.join(".") || "body"}: ${issue?.message})`,
      status,
    );
  }
  const message = jsonErrorMessage(response.body, answer.messageFields);
  throw new UpstreamError(upstream, "http", `${url} answered HTTP ${status}${message ? `: ${message}` : ""}`, status);
}

/** A JSON API call: `fetchUpstream`, then `parseJsonAnswer`. */
export async function fetchJson<T>(upstream: UpstreamName, url: string, schema: z.ZodType<T>, request: UpstreamRequest): Promise<T> {
  const response = await fetchUpstream(upstream, url, { ...request, headers: { accept: "application/json", ...request.headers } });
  return parseJsonAnswer(upstream, url, response, { schema });
}
