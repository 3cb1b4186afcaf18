import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

// One private, real dockerd on this machine for the tests that need a second engine (several engines, Swarm, a TLS
// endpoint): its own data root, exec root, pid file and unix socket under `dir`, no bridge and no iptables (like
// the main one), plus whatever `extraArgs` add (another -H, TLS flags). The main engine is never touched. kill()
// stops it by its pid file, restart() starts it again on the same directory, stop() also unmounts what it left and
// removes the directory, safe to call twice and after a failed start.

export const run = promisify(execFile);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The demo's busybox image (demo/image), which the private engines get a copy of. */
export const DEMO_IMAGE = "cascade-demo-base:latest";

export interface PrivateDockerd {
  dir: string;
  socketPath: string;
  /** `docker -H unix://<socket> ...args`; resolves with stdout, trimmed. */
  docker: (...args: string[]) => Promise<string>;
  /** Stops dockerd (SIGTERM, then SIGKILL) and waits until it is gone; the directory stays for a restart. */
  kill: () => Promise<void>;
  /** Starts dockerd again on the same directory (containers it held come back stopped). */
  restart: () => Promise<void>;
  /** kill(), then unmounts what dockerd left and removes the directory. */
  stop: () => Promise<void>;
}

function pidOf(dir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, "pid"), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM, up to `graceMs`, then SIGKILL; resolves once the process is gone (or 5 s after SIGKILL). */
export async function killPid(pid: number, graceMs = 20_000): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, "SIGTERM");
  for (let waited = 0; alive(pid) && waited < graceMs; waited += 100) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
  for (let waited = 0; alive(pid) && waited < 5_000; waited += 100) await sleep(100);
}

/** As demo/stack.sh ensure_image builds it (busybox on scratch), when the main engine does not have it yet. */
async function ensureDemoImage(): Promise<void> {
  const present = await run("docker", ["image", "inspect", DEMO_IMAGE]).then(
    () => true,
    () => false,
  );
  if (present) return;
  const dockerfile = path.resolve(__dirname, "../../demo/image/Dockerfile");
  const script = `set -e; c=$(mktemp -d); cp ${dockerfile} /bin/busybox "$c/"; DOCKER_BUILDKIT=0 docker build -q -t ${DEMO_IMAGE} "$c"; rm -rf "$c"`;
  await run("sh", ["-c", script], { timeout: 120_000 });
}

export async function startDockerd(dir: string, options: { extraArgs?: string[]; loadDemoImage?: boolean } = {}): Promise<PrivateDockerd> {
  const socketPath = path.join(dir, "docker.sock");
  const docker = async (...args: string[]) =>
    (await run("docker", ["-H", `unix://${socketPath}`, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 })).stdout.trim();
  let child: ChildProcess | null = null;

  const launch = async () => {
    fs.mkdirSync(path.join(dir, "data"), { recursive: true });
    fs.mkdirSync(path.join(dir, "exec"), { recursive: true });
    const log = fs.openSync(path.join(dir, "dockerd.log"), "a");
    const args = ["--data-root", path.join(dir, "data"), "--exec-root", path.join(dir, "exec"), "--pidfile", path.join(dir, "pid")];
    args.push("-H", `unix://${socketPath}`, "--bridge=none", "--iptables=false", "--ip-masq=false", ...(options.extraArgs ?? []));
    child = spawn("dockerd", args, { detached: true, stdio: ["ignore", log, log] });
    child.unref();
    fs.closeSync(log);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await docker("info", "--format", "{{.ServerVersion}}");
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          const tail = fs.readFileSync(path.join(dir, "dockerd.log"), "utf8").split("\n").slice(-15).join("\n");
          throw new Error(`the dockerd in ${dir} did not answer within 60 s: ${String(error)}\n${tail}`);
        }
        await sleep(250);
      }
    }
  };

  const kill = async () => {
    const pid = pidOf(dir) ?? child?.pid ?? null;
    if (pid !== null) await killPid(pid);
  };

  const stop = async () => {
    await kill().catch(() => undefined);
    // Mounts dockerd left under its roots (overlay, shm, netns) must go before the directory can.
    await run("sh", ["-c", `grep -o " ${dir}/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`]).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  fs.rmSync(dir, { recursive: true, force: true });
  try {
    await launch();
    if (options.loadDemoImage !== false) {
      await ensureDemoImage();
      await run("sh", ["-c", `docker save ${DEMO_IMAGE} | docker -H unix://${socketPath} load -q`], { timeout: 120_000 });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, socketPath, docker, kill, restart: launch, stop };
}
