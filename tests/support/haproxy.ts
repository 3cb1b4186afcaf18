import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

// Debian's haproxy running one of docs/socket-proxy/*.cfg as written, except the listen port when 2375 is taken.
// Its log (stdout, one line per request) is the record of every Engine API call that went through it.

export interface RunningHaproxy {
  port: number;
  /** Each request as haproxy logged it: method, path with query, status. */
  requests(): { method: string; path: string; status: number }[];
  stop(): Promise<void>;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** `socketPath` points the config's backend at another engine's socket (the Swarm tests' second engine). */
export async function startHaproxy(configFile: string, socketPath?: string): Promise<RunningHaproxy> {
  const written = fs.readFileSync(configFile, "utf8");
  if (!written.includes("bind 127.0.0.1:2375")) throw new Error(`${configFile} does not listen on 127.0.0.1:2375`);
  const port = (await portIsFree(2375)) ? 2375 : await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-haproxy-"));
  const config = path.join(dir, "haproxy.cfg");
  const engine = socketPath ? written.replace("server engine /var/run/docker.sock", `server engine ${socketPath}`) : written;
  fs.writeFileSync(config, engine.replace("bind 127.0.0.1:2375", `bind 127.0.0.1:${port}`));
  const child: ChildProcess = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 10_000;
  while (await portIsFree(port)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`haproxy did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    requests: () =>
      [...log.matchAll(/ (\d{3}) \+?\d+ .*"([A-Z]+) (\S+) HTTP\/[\d.]+"/g)].map((match) => ({
        status: Number(match[1]),
        method: match[2]!,
        path: match[3]!,
      })),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
