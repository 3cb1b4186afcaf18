import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/config/load";

// cascade.yaml `services:` (docs/configuration.md): names, label selectors, engine, actions and the scale bound.

describe("services: in cascade.yaml", () => {
  it("reads names (plain or as objects) and label selectors, with their defaults", () => {
    const config = parseConfig(
      "services:\n  - auren-web\n  - name: auren-worker\n    engine: edge\n    actions: [restart]\n    maxReplicas: 4\n  - label: com.docker.stack.namespace=auren\n",
      "cascade.yaml",
    );
    expect(config.services).toEqual([
      { name: "auren-web", actions: ["restart", "scale"], maxReplicas: 10 },
      { name: "auren-worker", engine: "edge", actions: ["restart"], maxReplicas: 4 },
      { label: "com.docker.stack.namespace=auren", actions: ["restart", "scale"], maxReplicas: 10 },
    ]);
    expect(parseConfig("", "cascade.yaml").services).toEqual([]);
  });

  it("lets a metrics endpoint name a watched service as what serves it", () => {
    const config = parseConfig(
      "services:\n  - auren-web\nmetricsEndpoints:\n  - name: web\n    url: http://127.0.0.1:9100/metrics\n    container: auren-web\n",
      "cascade.yaml",
    );
    expect(config.metricsEndpoints[0]!.container).toBe("auren-web");
  });

  it.each([
    ["a service listed twice", "services:\n  - auren-web\n  - name: auren-web\n", /listed twice/],
    ["an unknown action", "services:\n  - name: auren-web\n    actions: [delete]\n", /actions/],
    ["a bound above the hard limit", "services:\n  - name: auren-web\n    maxReplicas: 1000\n", /maxReplicas/],
    ["a key typo", "services:\n  - name: auren-web\n    replicas: 3\n", /replicas/],
    [
      "an endpoint naming neither a container nor a service",
      "metricsEndpoints:\n  - name: web\n    url: http://127.0.0.1:1/metrics\n    container: nope\n",
      /not one of the watched containers or services/,
    ],
  ])("refuses %s", (_case, yaml, message) => {
    expect(() => parseConfig(yaml, "cascade.yaml")).toThrow(ConfigError);
    expect(() => parseConfig(yaml, "cascade.yaml")).toThrow(message);
  });
});
