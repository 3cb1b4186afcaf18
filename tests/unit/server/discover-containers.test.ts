import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalRef, containerKey, containerRef, keyOfRef, refOfKey, resolveContainer } from "@/lib/engines/container-key";
import { discoverContainers, GONE_FOR_MS, MAX_DISCOVERED_PER_ENGINE } from "@/server/collect/discover-containers";
import { knownHostsAccepts } from "@/server/upstreams/docker/known-hosts";
import type { ContainerListEntry } from "@/server/upstreams/docker/schemas";

const entry = (name: string, labels: Record<string, string>, state = "running"): ContainerListEntry =>
  ({ Id: name, Names: [`/${name}`], State: state, Status: "Up", Labels: labels }) as ContainerListEntry;
const selector = (label: string) => ({ label, actions: ["restart" as const] });

describe("label selectors on one engine's container list", () => {
  it("finds matching containers (key=value or key), not named ones, and reports one that went away as gone for an hour", () => {
    const engine = `test-${crypto.randomUUID()}`;
    const list = [entry("a", { app: "x" }), entry("b", { app: "y" }), entry("c", { watch: "" }), entry("named", { app: "x" })];
    const first = discoverContainers(engine, [selector("app=x"), selector("watch")], list, new Set(["named"]), 1_000);
    expect([...first.matched]).toEqual([
      ["a", "app=x"],
      ["c", "watch"],
    ]);
    expect(first.gone).toEqual([]);

    const later = discoverContainers(engine, [selector("app=x"), selector("watch")], [list[1]!], new Set(), 2_000);
    expect(later.matched.size).toBe(0);
    expect(later.gone.map((view) => [view.name, view.state, view.selector, view.goneSince])).toEqual([
      ["a", "missing", "app=x", new Date(1_000).toISOString()],
      ["c", "missing", "watch", new Date(1_000).toISOString()],
    ]);
    const forgotten = discoverContainers(engine, [selector("app=x")], [], new Set(), 1_000 + GONE_FOR_MS + 1);
    expect(forgotten.gone).toEqual([]);
  });

  it("forgets at once a container that went away without being seen running", () => {
    const engine = `test-${crypto.randomUUID()}`;
    discoverContainers(engine, [selector("app")], [entry("made", { app: "1" }, "created")], new Set(), 1_000);
    expect(discoverContainers(engine, [selector("app")], [], new Set(), 2_000).gone).toEqual([]);
  });

  it("caps a selector that matches 2,000 containers and counts the rest", () => {
    const engine = `test-${crypto.randomUUID()}`;
    const list = Array.from({ length: 2_000 }, (_, index) => entry(`w-${String(index).padStart(4, "0")}`, { fleet: "1" }));
    const found = discoverContainers(engine, [selector("fleet=1")], list, new Set(), 1_000);
    expect(found.matched.size).toBe(MAX_DISCOVERED_PER_ENGINE);
    expect(found.capped).toBe(2_000 - MAX_DISCOVERED_PER_ENGINE);
    expect([...found.matched.keys()][0]).toBe("w-0000");
  });
});

describe("container keys and refs", () => {
  it("names a local container by its short name and others by engine/name; keys always carry the engine", () => {
    expect(containerRef({ name: "api", engine: "local" })).toBe("api");
    expect(containerRef({ name: "api", engine: "edge" })).toBe("edge/api");
    expect(containerKey({ name: "api" })).toBe("local/api");
    expect(keyOfRef("api")).toBe("local/api");
    expect(keyOfRef("edge/api")).toBe("edge/api");
    expect(refOfKey("local/api")).toBe("api");
    expect(canonicalRef("api", [{ name: "api", engine: "edge" }])).toBe("edge/api");
  });

  it("resolves a route's name: unique short name, engine/name, ambiguous, unknown", () => {
    const watched = [
      { name: "api", engine: "local" },
      { name: "api", engine: "edge" },
      { name: "db", engine: "edge" },
    ];
    expect(resolveContainer("db", watched)).toEqual({ found: { name: "db", engine: "edge" } });
    expect(resolveContainer("edge/api", watched)).toEqual({ found: { name: "api", engine: "edge" } });
    expect(resolveContainer("api", watched)).toEqual({ ambiguous: ["edge/api", "local/api"] });
    expect(resolveContainer("far/api", watched)).toEqual({ none: true });
  });
});

describe("known_hosts", () => {
  const key = Buffer.from("a-host-key-blob");
  const blob = key.toString("base64");
  it("accepts a listed host key, plain or hashed, and nothing else", () => {
    expect(knownHostsAccepts(`far.example.org,10.0.0.7 ssh-ed25519 ${blob}\n`, "far.example.org", 22, key)).toBe(true);
    expect(knownHostsAccepts(`[far.example.org]:2222 ssh-ed25519 ${blob}\n`, "far.example.org", 2222, key)).toBe(true);
    expect(knownHostsAccepts(`far.example.org ssh-ed25519 ${blob}\n`, "far.example.org", 2222, key)).toBe(false);
    expect(knownHostsAccepts(`far.example.org ssh-ed25519 ${Buffer.from("other").toString("base64")}\n`, "far.example.org", 22, key)).toBe(
      false,
    );
    expect(knownHostsAccepts(`@revoked far.example.org ssh-ed25519 ${blob}\n`, "far.example.org", 22, key)).toBe(false);
    const salt = crypto.randomBytes(20);
    const hash = crypto.createHmac("sha1", salt).update("far.example.org").digest("base64");
    expect(knownHostsAccepts(`|1|${salt.toString("base64")}|${hash} ssh-ed25519 ${blob}\n`, "far.example.org", 22, key)).toBe(true);
    expect(knownHostsAccepts("", "far.example.org", 22, key)).toBe(false);
  });
});
