import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/config/load";

function errorOf(text: string, file = "cascade.yaml"): ConfigError {
  try {
    parseConfig(text, file, {});
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const twoEngines = `docker:
  engines:
    - name: local
      socketPath: /var/run/docker.sock
    - name: edge
      host: tcp://127.0.0.1:2376
`;

describe("docker.engines and container selectors", () => {
  it("reads the one-engine shorthand as one engine named local, its containers on it", () => {
    const config = parseConfig("docker:\n  socketPath: /run/d.sock\ncontainers:\n  - name: api\n", "cascade.yaml", {});
    expect(config.engines).toEqual([{ name: "local", socketPath: "/run/d.sock" }]);
    expect(config.containers).toEqual([{ name: "api", engine: "local", actions: ["restart", "start", "set-restart-policy"] }]);
    expect(config.selectors).toEqual([]);
  });

  it("reads several engines, named containers on each, and label selectors", () => {
    const config = parseConfig(
      `${twoEngines}containers:\n  - name: api\n    engine: edge\n  - name: api\n    engine: local\n  - label: com.docker.compose.project=auren\n  - label: cascade.watch\n    engine: edge\n    actions: [restart]\n`,
      "cascade.yaml",
      {},
    );
    expect(config.engines.map((engine) => engine.name)).toEqual(["local", "edge"]);
    expect(config.containers.map((container) => `${container.engine}/${container.name}`)).toEqual(["edge/api", "local/api"]);
    expect(config.selectors).toEqual([
      { label: "com.docker.compose.project=auren", actions: ["restart", "start", "set-restart-policy"] },
      { label: "cascade.watch", engine: "edge", actions: ["restart"] },
    ]);
  });

  it.each([
    [
      "both forms at once",
      "docker:\n  socketPath: /var/run/docker.sock\n  engines:\n    - name: a\n      socketPath: /x\n",
      4,
      "docker.engines",
      /not both/,
    ],
    [
      "a named container without engine among several",
      `${twoEngines}containers:\n  - name: api\n`,
      8,
      "containers[0].engine",
      /is required with several engines/,
    ],
    [
      "an unknown engine",
      `${twoEngines}containers:\n  - name: api\n    engine: far\n`,
      9,
      "containers[0].engine",
      /not one of the engines \(local, edge\)/,
    ],
    ["name and label together", "containers:\n  - name: a\n    label: x=1\n", 2, "containers[0]", /exactly one/],
    ["an engine with neither socket nor host", "docker:\n  engines:\n    - name: a\n", 3, "docker.engines[0].name", /exactly one/],
    ["a duplicate engine", `${twoEngines}    - name: edge\n      socketPath: /y\n`, 7, "docker.engines[2].name", /listed twice/],
    [
      "tls on a socket",
      "docker:\n  engines:\n    - name: a\n      socketPath: /x\n      tls: {ca: a, cert: b, key: c}\n",
      5,
      "docker.engines[0].tls",
      /tcp/,
    ],
    [
      "sshKey on tcp",
      "docker:\n  engines:\n    - name: a\n      host: tcp://h:2375\n      sshKey: k\n",
      5,
      "docker.engines[0].sshKey",
      /ssh/,
    ],
    ["a bad host", "docker:\n  engines:\n    - name: a\n      host: ftp://h\n", 4, "docker.engines[0].host", /tcp:\/\/.*ssh:\/\//],
    [
      "an ambiguous short reference",
      `${twoEngines}containers:\n  - name: p\n    engine: edge\n  - name: p\n    engine: local\nprometheus:\n  url: http://127.0.0.1:9090\n  container: p\n`,
      14,
      "prometheus.container",
      /several engines: write engine\/p/,
    ],
  ])("names file, line and key for %s", (_case, text, line, key, reason) => {
    const error = errorOf(text);
    expect([error.line, error.key]).toEqual([line, key]);
    expect(error.reason).toMatch(reason);
  });

  it("accepts engine/name references and refuses a TLS file that does not exist, at start", () => {
    const refs = `${twoEngines}containers:\n  - name: p\n    engine: edge\nprometheus:\n  url: http://127.0.0.1:9090\n  container: edge/p\n`;
    expect(parseConfig(refs, "cascade.yaml", {}).prometheus?.container).toBe("edge/p");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-tls-"));
    fs.writeFileSync(path.join(dir, "ca.pem"), "x");
    fs.writeFileSync(path.join(dir, "cert.pem"), "x");
    const tls =
      "docker:\n  engines:\n    - name: a\n      host: tcp://h:2376\n      tls:\n        ca: ca.pem\n        cert: cert.pem\n        key: key.pem\n";
    const error = errorOf(tls, path.join(dir, "cascade.yaml"));
    expect([error.line, error.key]).toEqual([8, "docker.engines[0].tls.key"]);
    expect(error.reason).toBe(`file not found: ${path.join(dir, "key.pem")}`);
    fs.writeFileSync(path.join(dir, "key.pem"), "x");
    expect(parseConfig(tls, path.join(dir, "cascade.yaml"), {}).engines[0]?.tls?.key).toBe("key.pem");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
