import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import type { SessionInfo } from "@/lib/contracts/operations";
import { credentialOf, getCredentials, principalForToken, publicRead } from "@/server/auth/credentials";
import { authenticate, checkSameOrigin, ownOrigin, readCookie, requestIdOf } from "@/server/auth/guard";
import { clientKey, recordFailure, retryAfterSeconds } from "@/server/auth/rate-limit";
import { createSessionValue, readSessionValue, SESSION_COOKIE } from "@/server/auth/session-cookie";
import { storeCall } from "@/server/auth/store-call";
import { getSettings } from "@/server/config";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";
import { handle, readJsonBody } from "./route-helpers";

const signInSchema = z.strictObject({ token: z.string().min(1).max(512) });

function cookieHeader(request: Request, value: string, maxAgeSeconds: number): string {
  const secure = ownOrigin(request).startsWith("https:") ? "; Secure" : "";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

async function sessionInfo(request: Request): Promise<SessionInfo> {
  const base = { publicRead: publicRead(), generatedToken: getCredentials().generated };
  let principal = null;
  try {
    principal = await authenticate(request);
  } catch {
    principal = null;
  }
  const cookie = readCookie(request, SESSION_COOKIE);
  const session = cookie ? readSessionValue(cookie) : null;
  return {
    ...base,
    signedIn: principal !== null,
    name: principal?.name ?? null,
    role: principal?.role ?? null,
    expiresAt: session?.state === "valid" ? session.expiresAt.toISOString() : null,
  };
}

export const getSession = (request: Request) => handle(async () => NextResponse.json(await sessionInfo(request)));

/** Exchanges a token for a session cookie. Failed attempts are audited and rate-limited per client. */
export const createSession = (request: Request) =>
  handle(async () => {
    const requestId = requestIdOf(request);
    const key = clientKey(request);
    const wait = await retryAfterSeconds(key);
    if (wait > 0) throw new AppError("rate_limited", `Too many failed sign-ins; try again in ${wait} s.`, 429);
    checkSameOrigin(request, { required: false, what: "Sign-in" });
    const { token } = await readJsonBody(request, signInSchema);
    const principal = principalForToken(token);
    const store = getStore();
    if (!principal) {
      await recordFailure(key);
      await store
        .appendAudit({
          actor: "(unknown)",
          role: "none",
          action: "session.create",
          subject: key,
          requestId,
          result: "denied",
          detail: "invalid token",
        })
        .catch(() => undefined);
      throw new AppError("invalid_token", "That token is not valid.", 401);
    }
    await store.appendAudit({
      actor: principal.name,
      role: principal.role,
      action: "session.create",
      subject: principal.name,
      requestId,
      result: "ok",
      detail: null,
    });
    const hours = getSettings().config.auth.sessionHours;
    const expiresAt = new Date(Date.now() + hours * 3_600_000);
    const response = NextResponse.json({ signedIn: true, name: principal.name, role: principal.role, expiresAt: expiresAt.toISOString() });
    response.headers.append(
      "set-cookie",
      cookieHeader(
        request,
        createSessionValue(principal.name, principal.role, expiresAt, credentialOf(principal.name)!.digest),
        Math.max(1, Math.floor(hours * 3600)),
      ),
    );
    return response;
  });

export const deleteSession = (request: Request) =>
  handle(async () => {
    checkSameOrigin(request, { required: false, what: "Sign-out" });
    const cookie = readCookie(request, SESSION_COOKIE);
    if (cookie) {
      const session = readSessionValue(cookie);
      if (session.state === "valid") {
        // Fail closed: a sign-out the store did not record would leave the cookie valid on every replica.
        await storeCall(() => getStore().revokeSession(session.key, session.expiresAt.toISOString()));
        await getStore()
          .appendAudit({
            actor: session.name,
            role: session.role,
            action: "session.delete",
            subject: session.name,
            requestId: requestIdOf(request),
            result: "ok",
            detail: null,
          })
          .catch(() => undefined);
      }
    }
    const response = NextResponse.json({ signedIn: false });
    response.headers.append("set-cookie", cookieHeader(request, "", 0));
    return response;
  });
