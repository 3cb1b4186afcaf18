import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import { upstreamChanges, upstreamFailures } from "@/server/log/upstream-changes";

const FIXTURES = path.resolve(__dirname, "../../fixtures/observations");
const read = (name: string): Observation => observationSchema.parse(JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")));

describe("upstream failures are logged once per change", () => {
  it("finds the failing upstreams of recorded observations", () => {
    expect([...upstreamFailures(read("healthy.json")).values()].every((error) => error === null)).toBe(true);
    expect(upstreamFailures(read("docker-unreachable.json")).get("docker")).toMatch(/./);
  });

  it("says nothing while nothing changes, warns once when an upstream starts failing, and once when it recovers", () => {
    const known = new Map<string, string>();
    const healthy = upstreamFailures(read("healthy.json"));
    const down = upstreamFailures(read("docker-unreachable.json"));
    expect(upstreamChanges(known, healthy)).toEqual([]);
    const first = upstreamChanges(known, down);
    expect(first.filter((line) => line.upstream === "docker")).toEqual([
      { level: "warn", upstream: "docker", error: down.get("docker"), msg: "upstream failing" },
    ]);
    for (let collection = 0; collection < 5; collection++) expect(upstreamChanges(known, down)).toEqual([]);
    const differently = new Map(down).set("docker", "connect ECONNREFUSED 127.0.0.1:2375");
    expect(upstreamChanges(known, differently)).toEqual([
      { level: "warn", upstream: "docker", error: "connect ECONNREFUSED 127.0.0.1:2375", msg: "upstream failing" },
    ]);
    expect(upstreamChanges(known, healthy).filter((line) => line.upstream === "docker")).toEqual([
      { level: "info", upstream: "docker", msg: "upstream recovered" },
    ]);
    expect(upstreamChanges(known, healthy)).toEqual([]);
  });
});
