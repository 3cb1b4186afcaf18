import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, toErrorResponse } from "@/server/errors";

const MAX_BODY_BYTES = 16 * 1024;

/** A JSON body of `schema`'s shape, at most 16 KiB: 413, 415, 400 or 422 with a clear message otherwise. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>, options: { optional?: boolean } = {}): Promise<T> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError("body_too_large", `The body may be at most ${MAX_BODY_BYTES} bytes.`, 413);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError("body_too_large", `The body may be at most ${MAX_BODY_BYTES} bytes.`, 413);
  if (text.trim() === "" && options.optional) return schema.parse({});
  // The media type itself, not a substring: text/plain;x=application/json is what a cross-site form could send.
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("unsupported_media_type", "Send the body as application/json.", 415);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.", 400);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid_body", `${issue.path.join(".") || "body"}: ${issue.message}`, 422);
  }
  return parsed.data;
}

/** Runs a handler and maps every error to `{ "error": { "code", "message" } }`. */
export async function handle(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return toErrorResponse(error);
  }
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof METHODS)[number];
type RouteHandler = (request: Request) => Promise<Response>;
/** A route that serves GET serves HEAD too: Next.js answers HEAD with the GET handler. */
type Served<Allowed extends HttpMethod> = Allowed | ("GET" extends Allowed ? "HEAD" : never);

/**
 * The handlers for every method a route does not serve: each answers 405 with the JSON error body and an `Allow`
 * header listing the methods it does serve. A route file exports them all in one line:
 * `export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");` (TypeScript names the ones to export).
 */
export function otherMethods<const Allowed extends HttpMethod>(
  ...allowed: Allowed[]
): Record<Exclude<HttpMethod, Served<Allowed>>, RouteHandler> {
  const served: HttpMethod[] = METHODS.filter(
    (method) => (allowed as HttpMethod[]).includes(method) || (method === "HEAD" && (allowed as HttpMethod[]).includes("GET")),
  );
  const allow = served.join(", ");
  const choices = allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}` : allowed[0];
  const answer: RouteHandler = async (request) =>
    NextResponse.json(
      { error: { code: "method_not_allowed", message: `${request.method} is not allowed here; use ${choices}.` } },
      { status: 405, headers: { allow } },
    );
  const handlers = Object.fromEntries(METHODS.filter((method) => !served.includes(method)).map((method) => [method, answer]));
  return handlers as Record<Exclude<HttpMethod, Served<Allowed>>, RouteHandler>;
}
