import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Role } from "@/lib/contracts/operations";
import { getSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";

// A session is a signed cookie (HMAC-SHA256 with a per-install secret in the data directory): name, role, expiry.
// Stateless, so several replicas sharing the data directory's secret accept each other's sessions.

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
/** Signed out before expiry; kept until they would have expired anyway. */
const revoked = () => processSingleton("revoked-sessions", () => new Map<string, number>());

export const tokenFingerprint = (digest: Buffer) => crypto.createHmac("sha256", secret()).update(digest).digest("base64url").slice(0, 22);

export function createSessionValue(name: string, role: Role, expiresAt: Date, tokenDigest: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({ n: name, r: role, e: expiresAt.getTime(), f: tokenFingerprint(tokenDigest) } satisfies SessionPayload),
  ).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export type SessionCheck =
  | { state: "valid"; name: string; role: Role; expiresAt: Date; fingerprint: string }
  | { state: "expired" }
  | { state: "invalid" };

export function readSessionValue(value: string, now = Date.now()): SessionCheck {
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return { state: "invalid" };
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { state: "invalid" };
  if (revoked().has(signature)) return { state: "invalid" };
  let parsed: SessionPayload;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionPayload;
  } catch {
    return { state: "invalid" };
  }
  if (typeof parsed.e !== "number" || parsed.e <= now) return { state: "expired" };
  return { state: "valid", name: parsed.n, role: parsed.r, expiresAt: new Date(parsed.e), fingerprint: String(parsed.f ?? "") };
}

export function revokeSessionValue(value: string) {
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return;
  const list = revoked();
  list.set(signature, Date.now() + 30 * 86_400_000);
  for (const [key, until] of list) if (until < Date.now()) list.delete(key);
}
