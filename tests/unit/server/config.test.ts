import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, type Env, loadConfigFile, parseConfig, resolveConfigPath } from "@/server/config/load";

function errorOf(text: string, env: Env = {}): ConfigError {
  try {
    parseConfig(text, "cascade.yaml", env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads the demo config with its public keys", () => {
    const file = path.resolve("demo/cascade.yaml");
    const config = loadConfigFile(file);
    expect(config.containers.map((container) => container.name)).toEqual(["auren-prometheus", "auren-api"]);
    expect(config.prometheus).toEqual({ url: "http://127.0.0.1:19090", container: "auren-prometheus" });
    expect(config.metricsEndpoints[0]).toMatchObject({ name: "biometric-api", container: "auren-api" });
    expect(config.metricsEndpoints[0]!.expect).toContain("auren_webhook_requests_total");
    expect(config.timeouts.upstreamMs).toBe(2000);
  });

  it.each([
    ["bad YAML", "containers: [\n  - name: a\n", 2, null, /invalid YAML/],
    ["a wrong type", "containers:\n  - name: a\nprometheus:\n  url: 42\n", 4, "prometheus.url", /expected string/],
    ["a missing required key", "containers:\n  - name: a\nprometheus:\n  container: a\n", 4, "prometheus.url", /is required/],
    ["an unknown top-level key", "containers: []\ncontianers: []\n", 2, "contianers", /unknown key/],
    [
      "an unknown nested key",
      "containers:\n  - name: a\n    nmae: b\n",
      3,
      "containers[0].nmae",
      /unknown key \(allowed: name or label, engine, actions\)/,
    ],
    [
      "a reference to an unwatched container",
      "containers:\n  - name: a\nprometheus:\n  url: http://127.0.0.1:9090\n  container: b\n",
      5,
      "prometheus.container",
      /not one of the watched/,
    ],
    ["a duplicate container", "containers:\n  - name: a\n  - name: a\n", 3, "containers[1].name", /listed twice/],
    ["a non-HTTP URL", "prometheus:\n  url: ftp://x\n", 2, "prometheus.url", /http/],
  ])("names file, line and key for %s", (_case, text, line, key, reason) => {
    const error = errorOf(text);
    expect(error.file).toBe("cascade.yaml");
    expect(error.line).toBe(line);
    expect(error.key).toBe(key);
    expect(error.reason).toMatch(reason);
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("substitutes ${VAR} and ${VAR:-default}, and refuses an unset variable", () => {
    const text = "grafana:\n  url: ${GRAFANA_URL:-http://127.0.0.1:3000}\n  token: ${GRAFANA_TOKEN}\n";
    const config = parseConfig(text, "cascade.yaml", { GRAFANA_TOKEN: "glsa_secret" });
    expect(config.grafana).toEqual({ url: "http://127.0.0.1:3000", token: "glsa_secret" });
    const error = errorOf(text);
    expect([error.line, error.key, error.reason]).toEqual([3, "grafana.token", "environment variable GRAFANA_TOKEN is not set"]);
  });

  it("reports a missing file by name", () => {
    const file = path.join(os.tmpdir(), `cascade-missing-${process.pid}.yaml`);
    expect(() => loadConfigFile(file)).toThrow(`${file}: file not found`);
  });

  it("finds the config from --config, then CASCADE_CONFIG, then ./cascade.yaml", () => {
    expect(resolveConfigPath(["--config", "a.yaml"], { CASCADE_CONFIG: "b.yaml" })).toBe(path.resolve("a.yaml"));
    expect(resolveConfigPath(["--config=c.yaml"], {})).toBe(path.resolve("c.yaml"));
    expect(resolveConfigPath([], { CASCADE_CONFIG: "b.yaml" })).toBe(path.resolve("b.yaml"));
    expect(resolveConfigPath([], {})).toBe(path.resolve("cascade.yaml"));
  });

  it("accepts an empty file as a board that watches nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-config-"));
    fs.writeFileSync(path.join(dir, "cascade.yaml"), "");
    expect(loadConfigFile(path.join(dir, "cascade.yaml")).containers).toEqual([]);
  });
});

describe("ignore:", () => {
  it("reads rules by job, target, container, label and dashboard, each with a reason", () => {
    const config = parseConfig(
      [
        "ignore:",
        "  - { job: fleet, reason: decommissioned }",
        "  - { target: 'host-3:9100', reason: being replaced }",
        "  - { container: old-worker, reason: retired }",
        "  - { label: 'com.example.tier=test', reason: test containers }",
        "  - { dashboard: legacy, reason: an old copy }",
      ].join("\n"),
      "cascade.yaml",
      {},
    );
    expect(config.ignore.map((rule) => rule.reason)).toEqual([
      "decommissioned",
      "being replaced",
      "retired",
      "test containers",
      "an old copy",
    ]);
    expect(parseConfig("containers: []\n", "cascade.yaml", {}).ignore).toEqual([]);
  });

  it.each([
    ["no reason", "ignore:\n  - { job: fleet }\n", /reason/],
    ["two selectors", "ignore:\n  - { job: fleet, container: a, reason: x }\n", /exactly one of job, target, container, label, dashboard/],
    ["no selector", "ignore:\n  - { reason: x }\n", /exactly one of/],
  ])("refuses a rule with %s", (_name, text, message) => {
    expect(errorOf(text).message).toMatch(message);
  });
});
