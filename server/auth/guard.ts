import "server-only";
import crypto from "node:crypto";
import type { Role } from "@/lib/contracts/operations";
import { getSettings } from "@/server/config";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";
import { credentialOf, getCredentials, type Principal, principalForToken, publicRead } from "./credentials";
import { clientKey, recordFailure, retryAfterSeconds } from "./rate-limit";
import { readSessionValue, SESSION_COOKIE, tokenFingerprint } from "./session-cookie";
import { storeCall } from "./store-call";

// Checked inside every route handler that needs it, never only in middleware (CVE-2025-29927: Next.js middleware
// could be skipped with a crafted x-middleware-subrequest header).

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return ""; // a malformed cookie is an invalid session, not a server error
    }
  }
  return null;
}

/** The board's own origin, as the browser saw it (Host, or X-Forwarded-Host/-Proto behind a proxy). */
export function ownOrigin(request: Request): string {
  const url = new URL(request.url);
  const trustProxy = getSettings().config.auth.trustProxy;
  const host = (trustProxy && request.headers.get("x-forwarded-host")) || request.headers.get("host") || url.host;
  const proto = (trustProxy && request.headers.get("x-forwarded-proto")) || url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

/**
 * With no tokens configured the board serves loopback only; a page elsewhere could still reach it by pointing its own
 * domain at 127.0.0.1 (DNS rebinding), so in that mode any Host but a loopback one is refused.
 */
function checkHost(request: Request) {
  if (!getCredentials().generated) return;
  const host = request.headers.get("host") ?? "";
  if (!LOOPBACK_HOST.test(host))
    throw new AppError("misdirected", `This board answers only on 127.0.0.1 (asked for ${host.slice(0, 100)}).`, 421);
}

/**
 * The one CSRF origin check. A cookie rides along on any request the browser makes, so a state change by cookie must
 * come from our own page (`required`: the Origin header must be there). Signing in and out carry no cookie's
 * authority yet, so there an absent Origin (a script, curl) passes and only a foreign one is refused.
 */
export function checkSameOrigin(request: Request, options: { required: boolean; what: string }) {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") {
    if (!options.required && !origin) return;
    throw new AppError("csrf_rejected", `${options.what} signed in by cookie must carry this board's Origin header.`, 403);
  }
  if (origin !== ownOrigin(request)) throw new AppError("csrf_rejected", `${options.what} from ${origin} is not accepted.`, 403);
}

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[\w.-]{8,100}$/.test(given) ? given : crypto.randomUUID();
}

/** Who is calling: a bearer token or a session cookie (null: neither). Throws 401/429, or 503 when the store cannot say. */
export async function authenticate(request: Request): Promise<Principal | null> {
  checkHost(request);
  // Only a Bearer token is a credential here: a proxy's Basic auth header falls through to the session cookie.
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (bearer) {
    const key = clientKey(request);
    const wait = await retryAfterSeconds(key);
    if (wait > 0) throw new AppError("rate_limited", `Too many failed sign-ins; try again in ${wait} s.`, 429);
    const principal = principalForToken(bearer[1]!);
    if (!principal) {
      await recordFailure(key);
      throw new AppError("unauthenticated", "The bearer token is not valid.", 401);
    }
    return principal;
  }
  const cookie = readCookie(request, SESSION_COOKIE);
  if (cookie !== null) {
    const session = readSessionValue(cookie);
    if (session.state === "expired") throw new AppError("session_expired", "Your session has expired; sign in again.", 401);
    if (session.state === "invalid") throw new AppError("unauthenticated", "The session cookie is not valid; sign in again.", 401);
    // Signed out on any replica sharing the store: refused here too.
    if (await storeCall(() => getStore().isSessionRevoked(session.key, new Date())))
      throw new AppError("unauthenticated", "This session was signed out; sign in again.", 401);
    const credential = credentialOf(session.name);
    if (!credential || tokenFingerprint(credential.digest) !== session.fingerprint) {
      throw new AppError("unauthenticated", "This session's token has changed or no longer exists; sign in again.", 401);
    }
    return { name: session.name, role: credential.role, via: "session" };
  }
  return null;
}

/** The caller, if they may do what needs `role`; throws 401/403 (and 403 for a cross-site state change) otherwise. */
export async function authorize(request: Request, role: Role, options: { stateChanging: boolean }): Promise<Principal> {
  return permit(request, await authenticate(request), role, options);
}

/** The checks after authentication: role, and the origin of a cookie-borne state change. */
export function permit(request: Request, principal: Principal | null, role: Role, options: { stateChanging: boolean }): Principal {
  if (!principal) {
    if (role === "viewer" && !options.stateChanging && publicRead()) return { name: "anonymous", role: "viewer", via: "anonymous" };
    throw new AppError("unauthenticated", "Sign in, or send Authorization: Bearer <token>.", 401);
  }
  if (RANK[principal.role] < RANK[role]) {
    throw new AppError(
      "forbidden",
      `This needs the ${role} role; ${principal.name} is ${/^[aeiou]/.test(principal.role) ? "an" : "a"} ${principal.role}.`,
      403,
    );
  }
  if (options.stateChanging && principal.via === "session") checkSameOrigin(request, { required: true, what: "A state change" });
  return principal;
}
