import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";

// A second, real Docker engine on this machine for the several-engines tests: its own dockerd with its own data root,
// exec root, pid file and unix socket under /tmp/cascade-engine2-<pid>, no bridge, no iptables (like the first),
// never in a Swarm. It holds the demo's busybox image (cascade-demo-base), copied over with docker save | load. Its
// containers run with --network host and listen on 127.0.0.1 only. stop() kills it by its pid file and removes the
// directory, also when the start failed half-way.

const run = promisify(execFile);
export const SECOND_ENGINE_IMAGE = "cascade-demo-base:latest";

export interface SecondEngine {
  dir: string;
  socketPath: string;
  /** `docker -H unix://<socket> ...args`; resolves with stdout. */
  docker: (...args: string[]) => Promise<string>;
  /** Stops dockerd (SIGTERM, then SIGKILL) and waits until it is gone; the directory stays for a restart. */
  kill: () => Promise<void>;
  /** Starts dockerd again on the same directory (containers it held come back stopped). */
  restart: () => Promise<void>;
  /** kill(), then removes the directory. Safe to call twice. */
  stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pidOf(dir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(`${dir}/pid`, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function startSecondEngine(): Promise<SecondEngine> {
  const dir = `/tmp/cascade-engine2-${process.pid}`;
  const socketPath = `${dir}/docker.sock`;
  const docker = async (...args: string[]) =>
    (await run("docker", ["-H", `unix://${socketPath}`, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
  let child: ChildProcess | null = null;

  const launch = async () => {
    fs.mkdirSync(`${dir}/data`, { recursive: true });
    fs.mkdirSync(`${dir}/exec`, { recursive: true });
    const log = fs.openSync(`${dir}/dockerd.log`, "a");
    child = spawn(
      "dockerd",
      [
        "--data-root",
        `${dir}/data`,
        "--exec-root",
        `${dir}/exec`,
        "--pidfile",
        `${dir}/pid`,
        "-H",
        `unix://${socketPath}`,
        "--bridge=none",
        "--iptables=false",
        "--ip-masq=false",
      ],
      { detached: true, stdio: ["ignore", log, log] },
    );
    child.unref();
    fs.closeSync(log);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await docker("info", "--format", "{{.ServerVersion}}");
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          const tail = fs.readFileSync(`${dir}/dockerd.log`, "utf8").split("\n").slice(-15).join("\n");
          throw new Error(`the second dockerd did not answer within 60 s: ${String(error)}\n${tail}`);
        }
        await sleep(250);
      }
    }
  };

  const kill = async () => {
    const pid = pidOf(dir) ?? child?.pid ?? null;
    if (pid === null || !alive(pid)) return;
    process.kill(pid, "SIGTERM");
    for (let waited = 0; alive(pid) && waited < 20_000; waited += 100) await sleep(100);
    if (alive(pid)) process.kill(pid, "SIGKILL");
    for (let waited = 0; alive(pid) && waited < 5_000; waited += 100) await sleep(100);
  };

  const stop = async () => {
    await kill().catch(() => undefined);
    // Mounts dockerd left under its roots (overlay, shm) must go before the directory can.
    await run("sh", ["-c", `grep -o " ${dir}/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`]).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    await launch();
    await run("sh", ["-c", `docker save ${SECOND_ENGINE_IMAGE} | docker -H unix://${socketPath} load -q`]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, socketPath, docker, kill, restart: launch, stop };
}
