import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The session cookie is signed with a secret kept in the data directory: a fresh directory per run, the demo config
// (only read, no Docker), and every process-wide singleton the module makes is removed afterwards.
type SessionCookie = typeof import("@/server/auth/session-cookie");
let cookie: SessionCookie;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-session-"));
const SINGLETONS = ["cascade.session-secret"];
const digest = crypto.createHash("sha256").update("operator-token-0123456789abcdef").digest();
const NOW = Date.parse("2026-12-01T12:00:00Z");
const inAnHour = new Date(NOW + 3_600_000);

beforeAll(async () => {
  vi.stubEnv("CASCADE_CONFIG", path.resolve(__dirname, "../../../demo/cascade.yaml"));
  vi.stubEnv("CASCADE_DATA_DIR", dataDir);
  vi.resetModules();
  cookie = await import("@/server/auth/session-cookie");
});

afterAll(() => {
  vi.unstubAllEnvs();
  for (const key of SINGLETONS) delete (globalThis as Record<symbol, unknown>)[Symbol.for(key)];
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Changes one character of `text` at `index` into another base64url character. */
const flip = (text: string, index: number) => text.slice(0, index) + (text[index] === "A" ? "B" : "A") + text.slice(index + 1);

describe("the session cookie", () => {
  it("reads back what it signed: name, role, expiry and the token's fingerprint", () => {
    const value = cookie.createSessionValue("otto", "operator", inAnHour, digest);
    expect(value).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(cookie.readSessionValue(value, NOW)).toEqual({
      state: "valid",
      name: "otto",
      role: "operator",
      expiresAt: inAnHour,
      fingerprint: cookie.tokenFingerprint(digest),
      // The key a sign-out is stored under: a digest of the signature, never the cookie itself.
      key: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(value).not.toContain((cookie.readSessionValue(value, NOW) as { key: string }).key);
  });

  it("keeps the secret in the data directory, readable by the owner only", () => {
    const stat = fs.statSync(path.join(dataDir, "session-secret"));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it("is expired at its expiry, not before", () => {
    const value = cookie.createSessionValue("otto", "operator", inAnHour, digest);
    expect(cookie.readSessionValue(value, inAnHour.getTime() - 1).state).toBe("valid");
    expect(cookie.readSessionValue(value, inAnHour.getTime())).toEqual({ state: "expired" });
  });

  it("refuses a payload changed after signing, such as a raised role", () => {
    const value = cookie.createSessionValue("vera", "viewer", inAnHour, digest);
    const [payload, signature] = value.split(".") as [string, string];
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString("utf8")), r: "admin" })).toString(
      "base64url",
    );
    expect(cookie.readSessionValue(`${raised}.${signature}`, NOW)).toEqual({ state: "invalid" });
    expect(cookie.readSessionValue(`${flip(payload, 3)}.${signature}`, NOW)).toEqual({ state: "invalid" });
  });

  it("refuses a changed or missing signature, and a value that is not two parts", () => {
    const value = cookie.createSessionValue("otto", "operator", inAnHour, digest);
    const [payload, signature] = value.split(".") as [string, string];
    for (const forged of [`${payload}.${flip(signature, 5)}`, `${payload}.`, payload, `${value}.extra`, "", "."]) {
      expect(cookie.readSessionValue(forged, NOW)).toEqual({ state: "invalid" });
    }
  });

  it("refuses a cookie signed with another install's secret", () => {
    const [payload] = cookie.createSessionValue("otto", "operator", inAnHour, digest).split(".") as [string];
    const otherSignature = crypto.createHmac("sha256", crypto.randomBytes(32)).update(payload).digest("base64url");
    expect(cookie.readSessionValue(`${payload}.${otherSignature}`, NOW)).toEqual({ state: "invalid" });
  });
});
