import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectBoard } from "@/server/collect/collect-board";
import { parseConfig } from "@/server/config/load";
import { type DockerProxy, startDockerProxy } from "../support/docker-proxy";
import { needsDemoStack } from "../support/needs-demo-stack";
import { ensureImage, SCALE_IMAGE } from "../support/scale-fixture";

needsDemoStack();

// One container list per collection; `inspect` only for what the list (or a Docker event) says changed. Counted on a
// real proxy in front of the real Docker socket.
const run = promisify(execFile);
const LABEL = "cascade.test=inspect-changes";
const names = { up: "cascade-i11-up", other: "cascade-i11-other", crashed: "cascade-i11-crashed", unwatched: "cascade-i11-unwatched" };

async function removeContainers() {
  const { stdout } = await run("docker", ["ps", "-aq", "--filter", `label=${LABEL}`]);
  const ids = stdout.split("\n").filter(Boolean);
  if (ids.length) await run("docker", ["rm", "-f", ...ids]);
}

const start = (name: string, ...command: string[]) =>
  run("docker", [
    "run",
    "-d",
    "--name",
    name,
    "--network",
    "host",
    "--label",
    LABEL,
    "--label",
    "com.docker.compose.project=i11",
    SCALE_IMAGE,
    ...command,
  ]);

let proxy: DockerProxy;
beforeAll(async () => {
  await removeContainers();
  await ensureImage();
  await Promise.all([
    start(names.up, "sleep", "600"),
    start(names.other, "sleep", "600"),
    start(names.crashed, "sh", "-c", "echo 'fatal: cannot open /data/queue.db' >&2; exit 3"),
    start(names.unwatched, "sleep", "600"),
  ]);
  await run("docker", ["wait", names.crashed]);
  proxy = await startDockerProxy();
}, 120_000);
afterAll(async () => {
  await proxy?.stop();
  await removeContainers();
});

describe("a collection inspects only what changed", () => {
  it("lists once, inspects changed containers only, reads log tails only of failing ones", async () => {
    const config = parseConfig(
      [
        `docker:\n  socketPath: ${proxy.socketPath}`,
        "timeouts:\n  upstreamMs: 30000",
        "containers:",
        ...[names.up, names.other, names.crashed, "cascade-i11-ghost"].map((name) => `  - name: ${name}`),
        "",
      ].join("\n"),
      "inspect.yaml",
    );
    const first = await collectBoard(config, { configDir: "/" });
    expect([...proxy.inspected()].sort()).toEqual([names.crashed, names.other, names.up]);
    const byName = Object.fromEntries(first.containers.map((container) => [container.name, container]));
    expect(byName[names.up]).toMatchObject({ state: "running", logTail: [], labels: { "com.docker.compose.project": "i11" } });
    expect(byName[names.crashed]).toMatchObject({ state: "exited", exitCode: 3 });
    expect(byName[names.crashed]!.logTail).toEqual(["fatal: cannot open /data/queue.db"]);
    expect(byName["cascade-i11-ghost"]).toMatchObject({ state: "missing" });

    proxy.reset();
    const second = await collectBoard(config, { configDir: "/" });
    expect(proxy.inspected()).toEqual([]);
    expect(second.containers).toEqual(first.containers);
    // Unchanged containers are the very same objects (a busy host's collection allocates nothing new for them).
    for (const name of [names.up, names.other, names.crashed])
      expect(second.containers.find((container) => container.name === name)).toBe(byName[name]);

    await run("docker", ["kill", names.up]);
    proxy.reset();
    const third = await collectBoard(config, { configDir: "/" });
    expect(proxy.inspected()).toEqual([names.up]);
    expect(third.containers.find((container) => container.name === names.up)).toMatchObject({ state: "exited", exitCode: 137 });
    expect(third.containers.find((container) => container.name === names.other)).toBe(byName[names.other]);
  }, 60_000);

  it("asks the engine's version once and pings it after that, and asks again when the engine was gone", async () => {
    const config = parseConfig(`docker:\n  socketPath: ${proxy.socketPath}\ncontainers:\n  - name: ${names.up}\n`, "version.yaml");
    const first = await collectBoard(config, { configDir: "/" });
    proxy.reset();
    const second = await collectBoard(config, { configDir: "/" });
    expect(proxy.requests()).toContain("GET /_ping");
    expect(proxy.requests()).not.toContain("GET /version");
    expect(second.docker).toMatchObject({ reachable: true, version: first.docker.version });
    expect(second.docker.version).toMatch(/^\d+\.\d+/);

    proxy.setDown(true);
    const gone = await collectBoard(config, { configDir: "/" });
    expect(gone.docker).toMatchObject({ reachable: false, version: null });
    proxy.setDown(false);
    proxy.reset();
    const back = await collectBoard(config, { configDir: "/" });
    expect(proxy.requests()).toContain("GET /version");
    expect(back.docker).toMatchObject({ reachable: true, version: first.docker.version });
  }, 60_000);
});
