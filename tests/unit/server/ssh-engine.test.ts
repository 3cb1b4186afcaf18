import net from "node:net";
import { type Server, utils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineErrorClass } from "@/lib/engines/engine-error";
import { withEngineHintEn } from "@/lib/messages/engine-hints-en";
import { getDockerVersion } from "@/server/upstreams/docker/client";
import { getEngineDocker } from "@/server/upstreams/docker/engines";

// ssh engines never prompt and never hang: a real ssh server (ssh2's, on 127.0.0.1) whose host key is in no
// known_hosts is refused at once with words that say so; a port that accepts but never speaks ssh fails within the
// handshake bound.

let sshServer: Server;
let sshPort: number;
let silent: net.Server;
let silentPort: number;

const listen = (server: { listen: (port: number, host: string, done: () => void) => unknown; address: () => unknown }) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));

/**
 * An ed25519 host key ssh2 can read back: about 1 in 256 of the keys its own generateKeyPairSync makes cannot be parsed
 * (it strips a leading zero byte of the public key; mscdex/ssh2#1390, #1513), and the server then refuses to start.
 */
function parseableHostKey(): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = utils.generateKeyPairSync("ed25519");
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) return pair.private;
  }
  throw new Error("ssh2 made no ed25519 key it can parse in 20 attempts");
}

beforeAll(async () => {
  const { Server: SshServer } = await import("ssh2");
  const hostKey = parseableHostKey();
  sshServer = new SshServer({ hostKeys: [hostKey] }, (client) => {
    client.on("authentication", (context) => context.reject(["password"]));
    client.on("error", () => undefined);
  });
  sshPort = await listen(sshServer as unknown as Parameters<typeof listen>[0]);
  silent = net.createServer(() => undefined);
  silentPort = await listen(silent);
});

afterAll(() => {
  sshServer?.close();
  silent?.close();
});

const versionOf = (host: string) =>
  getDockerVersion(getEngineDocker({ name: `ssh-${host}`, host }, process.cwd()), 15_000).then(
    () => "answered",
    (error: Error) => error.message,
  );

describe("an ssh engine", () => {
  it("refuses a host whose key is not in known_hosts, at once and saying so", async () => {
    const started = Date.now();
    const message = await versionOf(`ssh://cascade@127.0.0.1:${sshPort}`);
    expect(message).toMatch(/not in known_hosts/);
    expect(engineErrorClass(message)).toBe("ssh-host-key");
    expect(withEngineHintEn(message, engineErrorClass(message))).toMatch(
      /never asks whether to trust a host key: add it to known_hosts with ssh-keyscan/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives up on a host that never completes the ssh handshake, within the handshake bound", { timeout: 20_000 }, async () => {
    const started = Date.now();
    const message = await versionOf(`ssh://cascade@127.0.0.1:${silentPort}`);
    expect(message).toMatch(/handshake/i);
    expect(engineErrorClass(message)).toBe("ssh-handshake");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
