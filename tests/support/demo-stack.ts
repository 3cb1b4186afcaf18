import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, "../..");
export const DEMO_CONFIG = path.join(ROOT, "demo/cascade.yaml");
/** The titles of the demo's six dashboards (demo/grafana/dashboards), sorted. */
export const DEMO_DASHBOARD_TITLES = [
  "AUREN AI Agent Memory Tier Visualization",
  "AUREN System Health and Performance",
  "AUREN System Overview",
  "Cognitive Mode Analytics",
  "Memory Tier Operations Real-Time",
  "Webhook and Event Processing",
];

declare module "vitest" {
  export interface ProvidedContext {
    /** A file that exists once this run has brought the demo stack up; it says whether the run started it. */
    demoStackMarker: string;
  }
}

/** Drives the real demo stack through the same script users run (demo/stack.sh). */
export async function demo(command: "up" | "incident" | "heal" | "remove"): Promise<string> {
  const { stdout } = await run("bash", [path.join(ROOT, "demo/stack.sh"), command], { cwd: ROOT, timeout: 280_000 });
  return stdout;
}

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run("docker", args, { timeout: 60_000 });
  return stdout.trim();
}

/** The last `lines` lines a container wrote, stdout and stderr together, as Docker itself reports them. */
export async function dockerLogLines(name: string, lines = 1000): Promise<string[]> {
  const { stdout, stderr } = await run("docker", ["logs", "--tail", String(lines), name], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return `${stdout}\n${stderr}`.split("\n").filter((line) => line !== "");
}

/** The marker shared by every project of one vitest run: the main process's pid names it. */
export function demoStackMarker(runPid: number = process.pid): string {
  return path.join(os.tmpdir(), `cascade-demo-stack-${runPid}.json`);
}
