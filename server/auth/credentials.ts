import "server-only";
import crypto from "node:crypto";
import type { Role } from "@/lib/contracts/operations";
import { getSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";
import { ensureGeneratedToken } from "./generated-token";

// Who may sign in: the tokens of cascade.yaml (auth.tokens), or, when none are configured, one operator token that
// Cascade generates in the data directory (mode 0600) on first start. Tokens are kept only as SHA-256 digests and
// compared in constant time.

export interface Principal {
  name: string;
  role: Role;
  via: "bearer" | "session" | "anonymous";
}

interface Credential {
  name: string;
  role: Role;
  digest: Buffer;
}

export const GENERATED_TOKEN_NAME = "local-operator";

const digestOf = (token: string) => crypto.createHash("sha256").update(token, "utf8").digest();

function loadCredentials(): { credentials: Credential[]; generated: boolean } {
  const { config, dataDir } = getSettings();
  if (config.auth.tokens.length > 0) {
    return {
      credentials: config.auth.tokens.map((token) => ({ name: token.name, role: token.role, digest: digestOf(token.token) })),
      generated: false,
    };
  }
  const token = generatedToken(dataDir);
  return { credentials: [{ name: GENERATED_TOKEN_NAME, role: "operator", digest: digestOf(token) }], generated: true };
}

/** The operator token Cascade generated (read once per process): only when no auth.tokens are configured. */
export const generatedToken = (dataDir = getSettings().dataDir) =>
  processSingleton("generated-token", () => ensureGeneratedToken(dataDir).token);

export const getCredentials = () => processSingleton("credentials", loadCredentials);

/** Compares against every credential, whatever matches first, so timing says nothing about which one matched. */
export function principalForToken(token: string): Principal | null {
  const presented = digestOf(token);
  let found: Credential | null = null;
  for (const credential of getCredentials().credentials) {
    if (crypto.timingSafeEqual(presented, credential.digest) && !found) found = credential;
  }
  return found ? { name: found.name, role: found.role, via: "bearer" } : null;
}

/** The current credential of a token name: its role and digest (a session outlives neither a token change nor a role change). */
export function credentialOf(name: string): { role: Role; digest: Buffer } | null {
  const credential = getCredentials().credentials.find((candidate) => candidate.name === name);
  return credential ? { role: credential.role, digest: credential.digest } : null;
}

/** Anyone may read the board without signing in: the default only when no tokens are configured. */
export function publicRead(): boolean {
  const { config } = getSettings();
  return config.auth.publicRead ?? config.auth.tokens.length === 0;
}
