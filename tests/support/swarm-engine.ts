import { freePort } from "./free-port";
import { type PrivateDockerd, run, sleep, startDockerd } from "./private-dockerd";

/**
 * A second, real Docker engine for Swarm tests (tests/support/private-dockerd.ts) under /tmp/cascade-swarm-<pid>, a
 * single-node Swarm on 127.0.0.1 on a port of its own, and the demo's busybox image loaded into it. The main engine
 * (which the demo stack and other tests share) is never touched. `stop()` always leaves the Swarm, kills the daemon
 * by its pidfile and removes the folder.
 */
export interface SwarmEngine extends PrivateDockerd {
  /** The Swarm's listen and advertise port on 127.0.0.1 (manager: its API; worker: its own). */
  swarmPort: number;
}

export const SWARM_IMAGE = "cascade-demo-base";

/** `init: false` starts the engine without a Swarm (to join another); `suffix` names a second one. */
export async function startSwarmEngine(options: { init?: boolean; suffix?: string } = {}): Promise<SwarmEngine> {
  const dockerd = await startDockerd(`/tmp/cascade-swarm-${process.pid}${options.suffix ? `-${options.suffix}` : ""}`);
  const engine: SwarmEngine = {
    ...dockerd,
    // Its own Swarm port (not 2377), so it never collides with a Swarm someone else runs on this machine.
    swarmPort: await freePort(),
    stop: async () => {
      // A manager that lost its quorum may take long to leave: the daemon is killed and its folder removed anyway.
      await run("docker", ["-H", `unix://${dockerd.socketPath}`, "swarm", "leave", "--force"], { timeout: 15_000 }).catch(() => undefined);
      await dockerd.stop();
    },
  };
  try {
    if (options.init !== false) {
      const address = `127.0.0.1:${engine.swarmPort}`;
      await engine.docker("swarm", "init", "--advertise-addr", address, "--listen-addr", address);
    }
    return engine;
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

/** Joins `engine` to the Swarm `manager` runs, as a worker or a manager, on the joining engine's own port. */
export async function joinSwarm(engine: SwarmEngine, manager: SwarmEngine, role: "worker" | "manager"): Promise<void> {
  const token = await manager.docker("swarm", "join-token", "-q", role);
  const address = `127.0.0.1:${engine.swarmPort}`;
  await engine.docker(
    "swarm",
    "join",
    "--token",
    token,
    "--listen-addr",
    address,
    "--advertise-addr",
    address,
    `127.0.0.1:${manager.swarmPort}`,
  );
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
