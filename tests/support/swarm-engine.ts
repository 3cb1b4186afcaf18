import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A second, real Docker engine for Swarm tests: its own dockerd with its own data root, exec root, pidfile and
 * socket under /tmp/cascade-swarm-<pid>, no bridge and no iptables (like the first), a single-node Swarm on
 * 127.0.0.1, and the demo's busybox image loaded into it. The main engine (which the demo stack and other tests
 * share) is never touched. `stop()` always leaves the Swarm, kills the daemon by its pidfile and removes the folder.
 */
export interface SwarmEngine {
  dir: string;
  socketPath: string;
  /** The Swarm's listen port on 127.0.0.1 (manager: its API; worker: its own). */
  swarmPort: number;
  /** `docker -H unix://<socket> ...args`, its stdout trimmed. */
  docker(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export const SWARM_IMAGE = "cascade-demo-base";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ensureDemoImage(): Promise<void> {
  const present = await run("docker", ["image", "inspect", SWARM_IMAGE]).then(
    () => true,
    () => false,
  );
  if (present) return;
  // As demo/stack.sh ensure_image builds it: busybox on scratch.
  const dockerfile = path.resolve(__dirname, "../../demo/image/Dockerfile");
  const script = `set -e; c=$(mktemp -d); cp ${dockerfile} /bin/busybox "$c/"; DOCKER_BUILDKIT=0 docker build -q -t ${SWARM_IMAGE} "$c"; rm -rf "$c"`;
  await run("sh", ["-c", script], { timeout: 120_000 });
}

/** `init: false` starts the engine without a Swarm (to join another as a worker); `suffix` names a second one. */
export async function startSwarmEngine(options: { init?: boolean; suffix?: string } = {}): Promise<SwarmEngine> {
  const dir = `/tmp/cascade-swarm-${process.pid}${options.suffix ? `-${options.suffix}` : ""}`;
  const socketPath = path.join(dir, "docker.sock");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.openSync(path.join(dir, "dockerd.log"), "a");
  const daemon = spawn(
    "setsid",
    [
      "dockerd",
      "--data-root",
      path.join(dir, "data"),
      "--exec-root",
      path.join(dir, "exec"),
      "--pidfile",
      path.join(dir, "pid"),
      "-H",
      `unix://${socketPath}`,
      "--bridge=none",
      "--iptables=false",
      "--ip-masq=false",
    ],
    { detached: true, stdio: ["ignore", log, log] },
  );
  daemon.unref();
  fs.closeSync(log);
  const docker = async (...args: string[]) => {
    const { stdout } = await run("docker", ["-H", `unix://${socketPath}`, ...args], { timeout: 60_000 });
    return stdout.trim();
  };
  const engine: SwarmEngine = {
    dir,
    socketPath,
    swarmPort: 20_000 + ((process.pid * 2 + (options.suffix ? 1 : 0)) % 20_000),
    docker,
    stop: async () => {
      await docker("swarm", "leave", "--force").catch(() => undefined);
      const pidFile = path.join(dir, "pid");
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").trim() || "0") : 0;
      if (pid > 0) {
        try {
          process.kill(pid, "SIGTERM");
          for (let waited = 0; waited < 15_000; waited += 200) {
            process.kill(pid, 0);
            await sleep(200);
          }
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
      // Mounts dockerd left behind (netns, overlay) must go before the folder can.
      await run("sh", ["-c", `grep -o ' ${dir}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    let ready = false;
    for (let waited = 0; waited < 60_000 && !ready; waited += 250) {
      ready = await docker("info", "--format", "{{.ServerVersion}}").then(
        () => true,
        () => false,
      );
      if (!ready) await sleep(250);
    }
    if (!ready)
      throw new Error(
        `the second dockerd did not answer on ${socketPath}: ${fs.readFileSync(path.join(dir, "dockerd.log"), "utf8").slice(-2000)}`,
      );
    await ensureDemoImage();
    await run("sh", ["-c", `docker save ${SWARM_IMAGE} | docker -H unix://${socketPath} load`], { timeout: 120_000 });
    // Its own Swarm port (not 2377), so it never collides with a Swarm someone else runs on this machine.
    if (options.init !== false)
      await docker("swarm", "init", "--advertise-addr", `127.0.0.1:${engine.swarmPort}`, "--listen-addr", `127.0.0.1:${engine.swarmPort}`);
    return engine;
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

/** Polls `check` every 250 ms until it returns a value, or throws after `timeoutMs` with the last reason. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
