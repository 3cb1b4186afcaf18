import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// ssh engines are only talked to when their host key is already in known_hosts: Cascade never asks whether to trust
// a new key (nobody would be there to answer), and never asks for a password.

/** The known_hosts files OpenSSH reads by default: the user's, then the system's. */
export const KNOWN_HOSTS_FILES = [path.join(os.homedir(), ".ssh", "known_hosts"), "/etc/ssh/ssh_known_hosts"];

/** How a host appears in known_hosts: `host`, or `[host]:port` off port 22. */
export const hostPattern = (host: string, port: number) => (port === 22 ? host : `[${host}]:${port}`);

function matchesHost(field: string, wanted: string): boolean {
  return field.split(",").some((pattern) => {
    if (pattern.startsWith("|1|")) {
      // Hashed: |1|base64(salt)|base64(HMAC-SHA1(salt, host)).
      const [, , salt, hash] = pattern.split("|");
      if (!salt || !hash) return false;
      const digest = crypto.createHmac("sha1", Buffer.from(salt, "base64")).update(wanted).digest("base64");
      return digest === hash;
    }
    return pattern === wanted;
  });
}

/** Pure: whether `text` (a known_hosts file) lists `key` (the raw public key blob) for host:port. */
export function knownHostsAccepts(text: string, host: string, port: number, key: Buffer): boolean {
  const wanted = hostPattern(host, port);
  const blob = key.toString("base64");
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3 || fields[0]!.startsWith("#")) continue;
    // A marker (@revoked, @cert-authority) is not a plain trust entry: @revoked never trusts.
    if (fields[0]!.startsWith("@")) continue;
    if (matchesHost(fields[0]!, wanted) && fields[2] === blob) return true;
  }
  return false;
}

/** Reads the known_hosts files now; a missing file lists nothing. */
export function hostKeyIsKnown(host: string, port: number, key: Buffer, files = KNOWN_HOSTS_FILES): boolean {
  return files.some((file) => {
    try {
      return knownHostsAccepts(fs.readFileSync(file, "utf8"), host, port, key);
    } catch {
      return false;
    }
  });
}
