import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// With no auth.tokens in cascade.yaml, the first start creates one operator token in the data directory (mode
// 0600) and the board binds to 127.0.0.1 only. Free of `server-only` so the start-up code can call it too.

export const GENERATED_TOKEN_FILE = "operator-token";

export function ensureGeneratedToken(dataDir: string): { file: string; token: string; created: boolean } {
  const file = path.join(dataDir, GENERATED_TOKEN_FILE);
  try {
    return { file, token: fs.readFileSync(file, "utf8").trim(), created: false };
  } catch {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const token = `cascade_${crypto.randomBytes(32).toString("base64url")}`;
    try {
      fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: "wx" });
      return { file, token, created: true };
    } catch {
      // Another process created it first: use theirs.
      return { file, token: fs.readFileSync(file, "utf8").trim(), created: false };
    }
  }
}
