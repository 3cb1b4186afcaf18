import { describe, expect, it } from "vitest";
import { engineErrorClass, sshMethodsOffered } from "@/lib/engines/engine-error";
import { engineHintDe } from "@/lib/messages/engine-hints-de";
import { engineHintEn, engineHintsEn } from "@/lib/messages/engine-hints-en";

// The words Docker, Node's TLS and ssh2 use when an engine refuses (as recorded in tests/integration/bad-engines),
// and the class each one is: the board's engine causes and `cascade init` give the same advice for it.

describe("engineErrorClass", () => {
  it.each([
    ["cannot reach the Docker Engine: TLS: self-signed certificate in certificate chain", "tls"],
    ["cannot reach the Docker Engine: TLS: unable to verify the first certificate", "tls"],
    ["cannot reach the Docker Engine: TLS: unable to get local issuer certificate", "tls"],
    [
      "cannot reach the Docker Engine: Host denied (verification failed): the host key is not in known_hosts (/root/.ssh/known_hosts)",
      "ssh-host-key",
    ],
    [
      "cannot reach the Docker Engine: All configured authentication methods failed: Permission denied (password,keyboard-interactive)",
      "ssh-password",
    ],
    ["cannot reach the Docker Engine: All configured authentication methods failed: Permission denied (publickey,password)", "ssh-auth"],
    ["cannot reach the Docker Engine: All configured authentication methods failed", "ssh-auth"],
    ["cannot reach the Docker Engine: Timed out while waiting for handshake", "ssh-handshake"],
    ["cannot reach the Docker Engine: the Docker socket does not exist", "refused"],
    ["cannot reach the Docker Engine: permission denied on the Docker socket", "permission"],
    ["Docker Engine did not answer within 3000 ms", "other"],
  ])("%s -> %s", (error, expected) => {
    expect(engineErrorClass(error)).toBe(expected);
  });

  it("reads the methods a host offered, and gives advice only where Docker's words do not say enough", () => {
    expect(sshMethodsOffered("x: Permission denied (password,keyboard-interactive)")).toEqual(["password", "keyboard-interactive"]);
    expect(sshMethodsOffered("connect ECONNREFUSED")).toBeNull();
    expect(engineHintEn("ssh-password")).toBe(engineHintsEn["ssh-password"]);
    expect(engineHintEn("ssh-password")).toMatch(/asks for a password; Cascade uses the ssh agent or sshKey only/);
    expect(engineHintDe("ssh-password")).toMatch(/verlangt ein Passwort/);
    expect([engineHintEn("refused"), engineHintEn("other"), engineHintDe("permission"), engineHintEn("toString")]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
