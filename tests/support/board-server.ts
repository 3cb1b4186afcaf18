import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./demo-stack";
import { freePort } from "./free-port";

export interface RunningBoard {
  url: string;
  /** The `cascade serve` process, leader of its process group (the Next.js server is in it). */
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILL to the board's whole process group: no shutdown code runs. */
  kill: () => Promise<void>;
}

const START_DEADLINE_MS = 120_000;

/** Runs the built board (`cascade serve`, as `npm start` does) on a free loopback port. */
export async function startBoard(configPath: string, env: Record<string, string> = {}): Promise<RunningBoard> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "bin/cascade.mjs"), "serve"], {
    cwd: ROOT,
    env: { ...process.env, CASCADE_CONFIG: configPath, HOST: "127.0.0.1", PORT: String(port), NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  };
  // A bound on time, not attempts, and a generous one: a busy machine starts the board slowly, not never.
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the board exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/api/session`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, pid: child.pid!, output: () => output, stop, kill };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the board did not answer within ${START_DEADLINE_MS / 1000} s:\n${output}`);
}

/** Runs `cascade <args>` to completion and returns its exit code and output. */
export async function runCascade(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/cascade.mjs"), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
