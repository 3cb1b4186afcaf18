import "server-only";
import type { z } from "zod";
import { UpstreamError, type UpstreamName } from "./errors";

// The one HTTP helper for Prometheus, /metrics and Grafana. The deadline covers connecting *and* reading the body
// (a server that sends headers and then stalls is a timeout, not a hang), the body is capped in bytes, and a
// redirect is followed only within the same origin, so a watched URL cannot bounce the board to another host.

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

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

async function readCapped(
  response: Response,
  maxBytes: number,
  upstream: UpstreamName,
  url: string,
): Promise<{ text: string; bytes: number }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: "", bytes: 0 };
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new UpstreamError(upstream, "too-large", `${url} sent more than ${maxBytes} bytes`, response.status);
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), bytes };
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
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
  const parsedUrl = new URL(url);
  const origin = parsedUrl.origin;
  // On loopback, compression only costs CPU at both ends (fetch asks for gzip by default): Prometheus's 2,000-target
  // list took ~40 ms of gunzip per collection on the busy host of issue 11.
  const headers = LOOPBACK.has(parsedUrl.hostname) ? { "accept-encoding": "identity", ...request.headers } : request.headers;
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(current, {
        method: request.method ?? "GET",
        headers,
        body: request.body,
        redirect: "manual",
        signal: controller.signal,
        cache: "no-store",
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        const next = new URL(location, current);
        if (next.origin !== origin)
          throw new UpstreamError(upstream, "http", `${url} redirects to another host (${next.origin})`, response.status);
        if (hop >= MAX_REDIRECTS)
          throw new UpstreamError(upstream, "http", `${url} redirects more than ${MAX_REDIRECTS} times`, response.status);
        current = next.toString();
        continue;
      }
      const { text, bytes } = await readCapped(response, request.maxBytes ?? DEFAULT_MAX_BYTES, upstream, url);
      return {
        url: current,
        status: response.status,
        contentType: response.headers.get("content-type"),
        body: text,
        bytes,
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
