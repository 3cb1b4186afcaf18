import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Role } from "@/lib/contracts/operations";
import { getSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";

// A session is a signed cookie (HMAC-SHA256 with a per-install secret in the data directory): name, role, expiry.
// Several replicas sharing the data directory's secret accept each other's sessions; a session signed out before it
// expires is recorded in the store (guard.ts), which the replicas share too.

export const SESSION_COOKIE = "cascade_session";

interface SessionPayload {
  n: string;
  r: Role;
  e: number;
  /** Fingerprint of the token it was made from: a changed token ends its sessions. */
  f: string;
}

function loadSecret(): Buffer {
  const file = path.join(getSettings().dataDir, "session-secret");
  try {
    const secret = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
    if (secret.length >= 32) return secret;
    // An empty or cut file would make every cookie forgeable: start over with a new secret.
    fs.rmSync(file, { force: true });
    throw new Error("session secret too short");
  } catch {
    const secret = crypto.randomBytes(32);
    try {
      fs.writeFileSync(file, secret.toString("base64url"), { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
    }
  }
}

const secret = () => processSingleton("session-secret", loadSecret);
const sign = (payload: string) => crypto.createHmac("sha256", secret()).update(payload).digest("base64url");

export const tokenFingerprint = (digest: Buffer) => crypto.createHmac("sha256", secret()).update(digest).digest("base64url").slice(0, 22);

export function createSessionValue(name: string, role: Role, expiresAt: Date, tokenDigest: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({ n: name, r: role, e: expiresAt.getTime(), f: tokenFingerprint(tokenDigest) } satisfies SessionPayload),
  ).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export type SessionCheck =
  | { state: "valid"; name: string; role: Role; expiresAt: Date; fingerprint: string; key: string }
  | { state: "expired" }
  | { state: "invalid" };

export function readSessionValue(value: string, now = Date.now()): SessionCheck {
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return { state: "invalid" };
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { state: "invalid" };
  let parsed: SessionPayload;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionPayload;
  } catch {
    return { state: "invalid" };
  }
  if (typeof parsed.e !== "number" || parsed.e <= now) return { state: "expired" };
  return {
    state: "valid",
    name: parsed.n,
    role: parsed.r,
    expiresAt: new Date(parsed.e),
    fingerprint: String(parsed.f ?? ""),
    key: sessionKey(signature),
  };
}

/** What the store keeps of a signed-out session: a digest of its signature, never the cookie itself. */
const sessionKey = (signature: string) => crypto.createHash("sha256").update(signature).digest("base64url");
