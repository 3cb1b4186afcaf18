import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { freePort } from "./free-port";
import { killPid, run, sleep } from "./private-dockerd";

// A private OpenSSH server on 127.0.0.1 that only takes passwords (PubkeyAuthentication no): `sshd -D -f <config>`
// in `dir` with its own host key and pid file, never the machine's sshd or its port 22. Nobody ever types a password:
// it is there to prove Cascade fails fast on such a host instead of asking.

export interface PrivateSshd {
  port: number;
  /** The known_hosts line for this server (`[127.0.0.1]:port ssh-ed25519 AAAA...`). */
  knownHostsLine: string;
  stop: () => Promise<void>;
}

const SSHD = "/usr/sbin/sshd";

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("data", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function startPasswordSshd(dir: string): Promise<PrivateSshd> {
  if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install -y openssh-server`);
  fs.mkdirSync(dir, { recursive: true });
  // sshd refuses to start without its privilege separation directory.
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const hostKey = path.join(dir, "host_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  const port = await freePort();
  const config = path.join(dir, "sshd_config");
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      "PasswordAuthentication yes",
      "PubkeyAuthentication no",
      "KbdInteractiveAuthentication yes",
      "UsePAM yes",
      "PermitRootLogin yes",
      "AuthorizedKeysFile none",
      "",
    ].join("\n"),
  );
  const log = fs.openSync(path.join(dir, "sshd.log"), "a");
  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", config], { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  fs.closeSync(log);
  const stop = async () => {
    if (child.pid) await killPid(child.pid, 5_000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let waited = 0; !(await answers(port)); waited += 200) {
    if (waited > 15_000 || child.exitCode !== null) {
      const tail = fs.readFileSync(path.join(dir, "sshd.log"), "utf8").slice(-2000);
      await stop();
      throw new Error(`the private sshd did not answer on 127.0.0.1:${port}: ${tail}`);
    }
    await sleep(200);
  }
  const publicKey = fs.readFileSync(`${hostKey}.pub`, "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
  return { port, knownHostsLine: `[127.0.0.1]:${port} ${publicKey}`, stop };
}
