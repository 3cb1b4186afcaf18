import type { EngineErrorClass } from "@/lib/engines/engine-error";
import type { Param } from "./types";

// English advice for an engine that refuses over TLS or ssh (the class comes from lib/engines/engine-error.ts), said
// after Docker's own words by the board's engine causes and by `cascade init`. Same keys in engine-hints-de.ts.

export type EngineHintClass = Exclude<EngineErrorClass, "refused" | "permission" | "other">;

export const engineHintsEn: Record<EngineHintClass, string> = {
  tls: "The engine's TLS certificate was not accepted: check that tls.ca is the CA that signed it and that it names this host.",
  "ssh-host-key": "Cascade never asks whether to trust a host key: add it to known_hosts with ssh-keyscan.",
  "ssh-password": "The ssh host asks for a password; Cascade uses the ssh agent or sshKey only, and never asks.",
  "ssh-auth": "The ssh agent and sshKey offered no key the host accepts; Cascade never asks for a password.",
  "ssh-handshake": "The host did not complete the ssh handshake in time.",
};

/** The advice for an engine error's class, or null when Docker's words say enough. */
export const engineHintEn = (errorClass: Param | undefined): string | null =>
  typeof errorClass === "string" && Object.hasOwn(engineHintsEn, errorClass) ? engineHintsEn[errorClass as EngineHintClass] : null;

/** Docker's words, then the advice (when there is one). */
export const withEngineHintEn = (text: string, errorClass: Param | undefined): string => {
  const hint = engineHintEn(errorClass);
  return hint ? `${text.replace(/\.$/, "")}. ${hint}` : text;
};
