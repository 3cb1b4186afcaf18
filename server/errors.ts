import "server-only";
import { NextResponse } from "next/server";
import { ConfigError } from "@/server/config";
import { errorFields, getLogger } from "@/server/log/logger";

/** The one error type route handlers map to a response: `{ "error": { "code", "message" } }`, no stack, no secrets. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function toErrorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) {
    const headers: Record<string, string> = error.status === 429 ? { "retry-after": String(/(\d+) s/.exec(error.message)?.[1] ?? 60) } : {};
    return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.status, headers });
  }
  if (error instanceof ConfigError) {
    return NextResponse.json({ error: { code: "config_invalid", message: error.message } }, { status: 500 });
  }
  getLogger().error(errorFields(error), "unexpected error");
  return NextResponse.json({ error: { code: "internal", message: "Internal error; see the server log." } }, { status: 500 });
}
