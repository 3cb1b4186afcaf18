import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Board, boardSchema } from "@/lib/contracts/board";
import { bearer, TOKENS } from "../support/auth-board";
import { type RunningBoard, runCascade, startBoard } from "../support/board-server";
import { freePort } from "../support/free-port";
import { DEMO_IMAGE, type PrivateDockerd, run, startDockerd } from "../support/private-dockerd";
import { type PrivateSshd, startPasswordSshd } from "../support/private-sshd";
import { joinSwarm, type SwarmEngine, startSwarmEngine, waitFor } from "../support/swarm-engine";
import { makeTlsFiles, type TlsFiles } from "../support/tls-certs";

// Engines that misbehave, each a real part on this machine, never the main engine: a dockerd on tcp://127.0.0.1 with
// --tlsverify (asked once with the CA that signed its certificate, once with one that did not); a private sshd that
// only takes passwords (its host key in the known_hosts of a HOME of our own, and a second one whose key is in none);
// a Swarm of two managers on two private dockerds, one of them stopped so the other has no leader. The built board
// shows each as a state, within its deadline, and `cascade init` says each in one line, without a prompt.

const UPSTREAM_MS = 4_000;
const CONTAINER = "cascade-bad-sleeper";
const SERVICE = "cascade-bad-web";

let dir: string;
let home: string;
let tls: TlsFiles;
let tlsPort: number;
let tlsEngine: PrivateDockerd;
let sshd: PrivateSshd;
let strangerSshd: PrivateSshd;
let sshKey: string;
let manager: SwarmEngine;
let lostManager: SwarmEngine;
let board: RunningBoard;
let slowProxy: net.Server;
let slowSocket: string;

/** How long the slow engine holds each answer back: twice the upstream deadline. */
const SLOW_MS = 2 * UPSTREAM_MS;

/**
 * An engine that answers slowly: a real Unix-socket proxy in front of the quorum manager's Docker socket that holds
 * every chunk of every answer back for SLOW_MS.
 */
function startSlowProxy(socketPath: string, target: string): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    client.pipe(upstream);
    upstream.on("data", (chunk) => setTimeout(() => client.writable && client.write(chunk), SLOW_MS));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close);
    upstream.on("error", close);
    client.on("close", () => upstream.destroy());
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

const sleeper = (engine: PrivateDockerd) =>
  engine.docker("run", "-d", "--name", CONTAINER, "--network", "host", "--entrypoint", "/bin/busybox", DEMO_IMAGE, "sleep", "3600");

const configText = () => `docker:
  engines:
    - name: tls-good
      host: tcp://127.0.0.1:${tlsPort}
      tls: { ca: ${tls.ca}, cert: ${tls.clientCert}, key: ${tls.clientKey} }
    - name: tls-wrong-ca
      host: tcp://127.0.0.1:${tlsPort}
      tls: { ca: ${tls.otherCa}, cert: ${tls.clientCert}, key: ${tls.clientKey} }
    - name: ssh-password
      host: ssh://root@127.0.0.1:${sshd.port}
    - name: ssh-password-key
      host: ssh://root@127.0.0.1:${sshd.port}
      sshKey: ${sshKey}
    - name: ssh-stranger
      host: ssh://root@127.0.0.1:${strangerSshd.port}
    - name: quorum
      socketPath: ${manager.socketPath}
    - name: slow
      socketPath: ${slowSocket}
containers:
${["tls-good", "tls-wrong-ca", "ssh-password", "ssh-password-key", "ssh-stranger", "quorum", "slow"]
  .map((engine) => `  - { name: ${CONTAINER}, engine: ${engine} }`)
  .join("\n")}
services:
  - { name: ${SERVICE}, engine: quorum }
timeouts:
  upstreamMs: ${UPSTREAM_MS}
auth:
  tokens:
    - { name: vera, role: viewer, token: "\${TEST_VIEWER_TOKEN}" }
`;

/** `cascade init` as a user whose HOME holds the known_hosts above; how long it took. */
async function init(...args: string[]) {
  const started = Date.now();
  const out = path.join(dir, `init-${started}.yaml`);
  const result = await runCascade(["init", ...args, "--out", out], { HOME: home, LANG: "C.UTF-8", LC_ALL: "", SSH_AUTH_SOCK: "" });
  return { ...result, ms: Date.now() - started, out };
}

beforeAll(async () => {
  dir = fs.mkdtempSync("/tmp/cascade-bad-");
  home = path.join(dir, "home");
  fs.mkdirSync(path.join(home, ".ssh"), { recursive: true, mode: 0o700 });
  tls = await makeTlsFiles(path.join(dir, "tls"));
  tlsPort = await freePort();
  const tlsFlags = ["--tlsverify", "--tlscacert", tls.ca, "--tlscert", tls.serverCert, "--tlskey", tls.serverKey];
  tlsEngine = await startDockerd(`/tmp/cascade-tls-${process.pid}`, { extraArgs: ["-H", `tcp://127.0.0.1:${tlsPort}`, ...tlsFlags] });
  await sleeper(tlsEngine);

  sshd = await startPasswordSshd(path.join(dir, "sshd"));
  strangerSshd = await startPasswordSshd(path.join(dir, "sshd-stranger"));
  fs.writeFileSync(path.join(home, ".ssh", "known_hosts"), `${sshd.knownHostsLine}\n`);
  sshKey = path.join(dir, "id_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", sshKey]);

  // Two managers: quorum is two, so stopping one leaves the other without a leader.
  manager = await startSwarmEngine({ suffix: "q1" });
  lostManager = await startSwarmEngine({ init: false, suffix: "q2" });
  await joinSwarm(lostManager, manager, "manager");
  await manager.docker("service", "create", "-d", "--name", SERVICE, "--network", "host", DEMO_IMAGE, "sleep", "3600");
  await sleeper(manager);
  await lostManager.kill();
  await waitFor("the remaining manager to lose its leader", 90_000, async () =>
    manager.docker("service", "ls").then(
      () => null,
      (error: Error) => (/does not have a leader/.test(String(error)) ? true : null),
    ),
  );

  slowSocket = path.join(dir, "slow.sock");
  slowProxy = await startSlowProxy(slowSocket, manager.socketPath);

  const configFile = path.join(dir, "cascade.yaml");
  fs.writeFileSync(configFile, configText());
  board = await startBoard(configFile, { CASCADE_DATA_DIR: path.join(dir, "data"), TEST_VIEWER_TOKEN: TOKENS.viewer, HOME: home });
}, 400_000);

afterAll(async () => {
  // Everything goes, whatever failed before: the board, both sshd, the three dockerd and their folders.
  await board?.stop().catch(() => undefined);
  await new Promise((resolve) => (slowProxy ? slowProxy.close(resolve) : resolve(undefined)));
  for (const part of [sshd, strangerSshd, tlsEngine, lostManager, manager]) await part?.stop().catch(() => undefined);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe("engines that misbehave", () => {
  let json: Board;
  let answeredInMs: number;
  beforeAll(async () => {
    const started = Date.now();
    json = boardSchema.parse(await (await fetch(`${board.url}/api/board`, { headers: bearer("viewer") })).json());
    answeredInMs = Date.now() - started;
  }, 60_000);

  const engine = (name: string) => json.engines?.find((candidate) => candidate.name === name);
  const cause = (kind: string, subject: string) => json.summary.causes.find((one) => one.kind === kind && one.subject === subject);
  const stateOn = (name: string) => json.containers.find((container) => container.engine === name)?.state;

  it("answers within the upstream deadline, whatever the engines do", () => {
    expect(answeredInMs).toBeLessThan(2 * UPSTREAM_MS + 5_000);
  });

  it("TLS: the right CA lists the containers; a CA that did not sign the server's certificate is an unreachable engine", () => {
    expect(engine("tls-good")).toMatchObject({ reachable: true, error: null });
    expect(stateOn("tls-good")).toBe("running");
    expect(engine("tls-wrong-ca")?.reachable).toBe(false);
    expect(engine("tls-wrong-ca")?.error).toMatch(/TLS: .*(self[- ]signed|unable to verify|unable to get local issuer)/);
    expect(stateOn("tls-wrong-ca")).toBe("unknown");
    const refused = cause("engine-unreachable", "tls-wrong-ca");
    expect(refused).toMatchObject({ root: true, params: { engine: "tls-wrong-ca", count: 1, errorClass: "tls" } });
    expect(refused?.detail).toContain("check that tls.ca is the CA that signed it");
  });

  it("ssh: a host that asks for a password fails at once, with or without an sshKey, and never prompts", () => {
    for (const name of ["ssh-password", "ssh-password-key"]) {
      expect(engine(name)?.reachable).toBe(false);
      expect(engine(name)?.error).toContain("Permission denied (password,keyboard-interactive)");
      expect(stateOn(name)).toBe("unknown");
      const refused = cause("engine-unreachable", name);
      expect(refused?.params.errorClass).toBe("ssh-password");
      expect(refused?.detail).toContain("The ssh host asks for a password; Cascade uses the ssh agent or sshKey only");
    }
  });

  it("ssh: a host whose key is in no known_hosts is refused before any authentication", () => {
    expect(engine("ssh-stranger")?.reachable).toBe(false);
    expect(engine("ssh-stranger")?.error).toMatch(/Host denied \(verification failed\): the host key is not in known_hosts/);
    expect(cause("engine-unreachable", "ssh-stranger")?.detail).toContain("add it to known_hosts with ssh-keyscan");
  });

  it("an engine that answers slower than the deadline is unreachable with the deadline in its error; the others are known", () => {
    expect(engine("slow")?.reachable).toBe(false);
    expect(engine("slow")?.error).toMatch(new RegExp(`within ${UPSTREAM_MS} ms`));
    expect(stateOn("slow")).toBe("unknown");
    expect(cause("engine-unreachable", "slow")).toMatchObject({ root: true, params: { engine: "slow", count: 1 } });
    // The same manager, asked directly, answers: only the slow engine's containers are unknown.
    expect(stateOn("quorum")).toBe("running");
  });

  it("Swarm: a manager without a leader is swarm-unavailable with Docker's words; its containers are still listed", () => {
    expect(engine("quorum")).toMatchObject({ reachable: true, swarm: { manager: true } });
    expect(stateOn("quorum")).toBe("running");
    expect(json.swarm?.find((swarm) => swarm.engine === "quorum")?.error).toMatch(/The swarm does not have a leader/);
    expect(json.services?.find((service) => service.name === SERVICE)).toMatchObject({ engine: "quorum", state: "unknown" });
    expect(cause("swarm-unavailable", "quorum")).toBeDefined();
    expect(json.summary.causes.some((one) => one.kind === "engine-unreachable" && one.subject === "quorum")).toBe(false);
  });
});

describe("cascade init on engines that misbehave", () => {
  const tcp = () => `tcp://127.0.0.1:${tlsPort}`;

  it("TLS: writes a config with the right CA; with the wrong one says why in one line and exits 2", async () => {
    const good = await init("--engine", tcp(), "--tlscacert", tls.ca, "--tlscert", tls.clientCert, "--tlskey", tls.clientKey);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(new RegExp(`Docker engine ${tcp()}: version .*, 1 containers \\(1 running\\)`));
    expect(fs.readFileSync(good.out, "utf8")).toContain(`ca: ${tls.ca}`);

    const wrong = await init("--engine", tcp(), "--tlscacert", tls.otherCa, "--tlscert", tls.clientCert, "--tlskey", tls.clientKey);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout.trim().split("\n")).toHaveLength(1);
    expect(wrong.stdout).toMatch(/does not answer: .*TLS: .*The engine's TLS certificate was not accepted/);
    expect(wrong.ms).toBeLessThan(10_000);
    expect(fs.existsSync(wrong.out)).toBe(false);
  });

  it("ssh: a host that asks for a password, with or without --ssh-key, and a host in no known_hosts: one line each, quickly", async () => {
    const engine = `ssh://root@127.0.0.1:${sshd.port}`;
    for (const extra of [[], ["--ssh-key", sshKey]]) {
      const asked = await init("--engine", engine, ...extra);
      expect(asked.code).toBe(2);
      expect(asked.stdout.trim().split("\n")).toHaveLength(1);
      expect(asked.stdout).toContain("Permission denied (password,keyboard-interactive). The ssh host asks for a password");
      expect(asked.ms).toBeLessThan(10_000);
    }
    const stranger = await init("--engine", `ssh://root@127.0.0.1:${strangerSshd.port}`);
    expect(stranger.code).toBe(2);
    expect(stranger.stdout).toMatch(
      /not in known_hosts .*Cascade never asks whether to trust a host key: add it to known_hosts with ssh-keyscan/,
    );
    expect(stranger.ms).toBeLessThan(10_000);
  });

  it("an engine that answers slowly: one line within the deadline, nothing written", async () => {
    const slow = await init("--engine", `unix://${slowSocket}`);
    expect(slow.code).toBe(2);
    expect(slow.stdout.trim().split("\n")).toHaveLength(1);
    expect(slow.stdout).toMatch(/does not answer: .*within \d+ ms/);
    expect(slow.ms).toBeLessThan(SLOW_MS + 10_000);
    expect(fs.existsSync(slow.out)).toBe(false);
  });

  it("Swarm: a manager without a leader is said in one line; its containers are still read", async () => {
    const lost = await init("--engine", `unix://${manager.socketPath}`);
    expect(lost.stdout).toMatch(/Docker engine unix:.*: version .*, \d+ containers/);
    expect(lost.stdout).toMatch(/Swarm manager: its services could not be listed: .*The swarm does not have a leader/);
    expect(lost.code).toBe(0);
    expect(lost.ms).toBeLessThan(20_000);
  });
});
