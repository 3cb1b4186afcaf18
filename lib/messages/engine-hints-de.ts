import type { EngineHintClass } from "./engine-hints-en";
import type { Param } from "./types";

// Deutsche Ratschläge zu einer Engine, die TLS oder ssh verweigert (Schlüssel wie engine-hints-en.ts).

export const engineHintsDe: Record<EngineHintClass, string> = {
  tls: "Das TLS-Zertifikat der Engine wurde nicht angenommen: prüfen, ob tls.ca die CA ist, die es signiert hat, und ob es diesen Host nennt.",
  "ssh-host-key": "Cascade fragt nie, ob einem Host-Schlüssel zu trauen ist: mit ssh-keyscan in known_hosts eintragen.",
  "ssh-password": "Der ssh-Host verlangt ein Passwort; Cascade nutzt nur den ssh-Agenten oder sshKey und fragt nie.",
  "ssh-auth": "Weder der ssh-Agent noch sshKey boten einen Schlüssel, den der Host annimmt; Cascade fragt nie nach einem Passwort.",
  "ssh-handshake": "Der Host hat den ssh-Handshake nicht rechtzeitig abgeschlossen.",
};

/** Der Rat zur Fehlerklasse einer Engine, oder null. */
export const engineHintDe = (errorClass: Param | undefined): string | null =>
  typeof errorClass === "string" && Object.hasOwn(engineHintsDe, errorClass) ? engineHintsDe[errorClass as EngineHintClass] : null;

/** Docker's words, then the advice (when there is one). */
export const withEngineHintDe = (text: string, errorClass: Param | undefined): string => {
  const hint = engineHintDe(errorClass);
  return hint ? `${text.replace(/\.$/, "")}. ${hint}` : text;
};
