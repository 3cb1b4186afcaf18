// What kind of failure an engine's error names, read from the words Docker, TLS and ssh put in it (and the facts
// server/upstreams/docker adds: "not in known_hosts", OpenSSH's "Permission denied (methods)"). The catalogues turn
// the class into advice (lib/messages: engineHint*); the board and `cascade init` show the same words.

export type EngineErrorClass = "refused" | "permission" | "tls" | "ssh-host-key" | "ssh-password" | "ssh-auth" | "ssh-handshake" | "other";

/** The ssh methods a host offered after refusing, from "Permission denied (password,keyboard-interactive)". */
export const sshMethodsOffered = (error: string): string[] | null => /Permission denied \(([^)]*)\)/.exec(error)?.[1]?.split(",") ?? null;

export function engineErrorClass(error: string): EngineErrorClass {
  if (/not in known_hosts|Host denied \(verification failed\)/.test(error)) return "ssh-host-key";
  const offered = sshMethodsOffered(error);
  // A host that offers no public key method asks for a password (or a keyboard answer), which Cascade never gives.
  if (offered) return offered.includes("publickey") ? "ssh-auth" : "ssh-password";
  if (/All configured authentication methods failed/.test(error)) return "ssh-auth";
  if (/waiting for handshake/i.test(error)) return "ssh-handshake";
  if (/TLS: |self[- ]signed|unable to verify|unable to get local issuer|certificate|altnames|ERR_TLS/i.test(error)) return "tls";
  if (/does not exist|refused/.test(error)) return "refused";
  if (/permission/.test(error)) return "permission";
  return "other";
}
