import { describe, expect, it } from "vitest";
import { metricJobsOf } from "@/server/collect/metric-jobs";
import { QueryLedger } from "@/server/collect/query-ledger";
import { ConfigError, parseConfig } from "@/server/config/load";
import { type ContainerListEntry, listEntryKey } from "@/server/upstreams/docker/schemas";

const entry = (State: string, Status: string, Id = "abc"): ContainerListEntry => ({
  Id,
  Names: ["/sc-1"],
  Image: "busybox",
  State,
  Status,
  Labels: {},
});

describe("what in Docker's container list means 'inspect again'", () => {
  it.each<[string, ContainerListEntry, ContainerListEntry, boolean]>([
    ["the relative time moving on", entry("running", "Up 3 minutes (healthy)"), entry("running", "Up 4 minutes (healthy)"), true],
    ["an exited container growing older", entry("exited", "Exited (3) 2 minutes ago"), entry("exited", "Exited (3) 1 hour ago"), true],
    ["health turning bad", entry("running", "Up 3 minutes (healthy)"), entry("running", "Up 3 minutes (unhealthy)"), false],
    ["another exit code", entry("exited", "Exited (0) 2 minutes ago"), entry("exited", "Exited (3) 2 minutes ago"), false],
    ["a new container under the same name", entry("running", "Up 1 second"), entry("running", "Up 1 second", "def"), false],
    ["a pause", entry("running", "Up 3 minutes"), entry("paused", "Up 3 minutes (Paused)"), false],
  ])("%s", (_name, before, after, same) => {
    expect(listEntryKey(before) === listEntryKey(after)).toBe(same);
  });
});

describe("the metric -> jobs map", () => {
  it("collects each metric name's jobs, sorted, from one group-by answer", () => {
    expect(
      metricJobsOf([
        { __name__: "up", job: "node" },
        { __name__: "up", job: "fleet" },
        { __name__: "node_cpu_seconds_total", job: "node" },
        { job: "nameless" },
      ]),
    ).toEqual({ up: ["fleet", "node"], node_cpu_seconds_total: ["node"] });
  });
});

describe("the query budget window", () => {
  it("allows perRefresh sends per refresh interval, then again once the interval has passed", async () => {
    const ledger = new QueryLedger();
    const budget = { perRefresh: 3, refreshMs: 60 };
    expect([ledger.spend(budget), ledger.spend(budget), ledger.spend(budget), ledger.spend(budget)]).toEqual([true, true, true, false]);
    expect(ledger.available(budget)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ledger.available(budget)).toBe(3);
  });

  it("reads queries.* from cascade.yaml with the issue's defaults, and refuses a zero budget", () => {
    expect(parseConfig("", "cascade.yaml").queries).toEqual({ perRefresh: 400, maxAgeMs: 60_000 });
    expect(parseConfig("queries:\n  perRefresh: 50\n", "cascade.yaml").queries).toEqual({ perRefresh: 50, maxAgeMs: 60_000 });
    expect(() => parseConfig("queries:\n  perRefresh: 0\n", "cascade.yaml")).toThrow(ConfigError);
    expect(() => parseConfig("queries:\n  perRefersh: 10\n", "cascade.yaml")).toThrow(ConfigError);
  });
});
