import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/board/stream/route";
import type { Observation } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { BoardCache } from "@/server/collect/board-cache";
import { scaleObservation } from "../../support/scale-observation";

// The stream at issue 11's size: the summary view once, then only `checked` while no verdict changes, and the
// summary again when one does. The cache and the Docker event feed are this process's stand-ins (no Docker here).

const slot = (key: string) => Symbol.for(`cascade.${key}`);
const store = globalThis as unknown as Record<symbol, unknown>;
let observation: Observation = scaleObservation();
let minute = 0;
let pokeDocker: () => void = () => undefined; // one watcher collection

describe("GET /api/board/stream at scale", () => {
  beforeAll(() => {
    vi.stubEnv("CASCADE_CONFIG", path.resolve("demo/cascade.yaml"));
    vi.stubEnv("CASCADE_DATA_DIR", fs.mkdtempSync(path.join(os.tmpdir(), "cascade-stream-")));
    store[slot("docker-event-feed")] = { subscribe: () => () => undefined };
    // The stream pushes after each of the watcher's collections: this stand-in's "collection" is a poke.
    store[slot("watcher")] = {
      onUpdate: (listener: () => void) => {
        pokeDocker = listener;
        return () => undefined;
      },
    };
    // Each collection is a minute later: new times and relative words, the same verdicts unless the test changes them.
    store[slot("board-cache")] = new BoardCache(async () => {
      minute += 1;
      const at = new Date(Date.parse(observation.generatedAt) + minute * 60_000);
      return diagnoseBoard({ ...observation, generatedAt: at.toISOString() }, at);
    });
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    for (const key of ["docker-event-feed", "watcher", "board-cache", "board-broadcast"]) delete store[slot(key)];
  });

  it("sends the summary, then a few bytes per refresh while nothing changes, then the summary again", async () => {
    const abort = new AbortController();
    const response = await GET(
      new Request("http://127.0.0.1:3000/api/board/stream", { headers: { host: "127.0.0.1:3000" }, signal: abort.signal }),
    );
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const next = async () => {
      const complete = () => text.includes("event:") && text.includes("\n\n", text.indexOf("event:"));
      while (!complete()) text += (await reader.read()).value ?? "";
      const start = text.indexOf("event:");
      const end = text.indexOf("\n\n", start);
      const frame = text.slice(start, end);
      text = text.slice(end + 2);
      const [event, data] = frame.split("\n") as [string, string];
      return { event: event.slice("event: ".length), data: data.slice("data: ".length) };
    };
    const first = await next();
    expect(first.event).toBe("board");
    const summary = JSON.parse(first.data);
    expect(summary.view).toBe("summary");
    expect(summary.dashboards[0].panels).toBeUndefined();
    expect(first.data.length).toBeLessThan(1_000_000);

    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the board cache
    pokeDocker();
    const quiet = await next();
    expect(quiet.event).toBe("checked");
    expect(quiet.data.length).toBeLessThan(100);

    observation = structuredClone(observation);
    observation.containers[0] = { ...observation.containers[0]!, state: "exited", exitCode: 1, finishedAt: observation.generatedAt };
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    pokeDocker();
    const changed = await next();
    expect(changed.event).toBe("board");
    expect(JSON.parse(changed.data).summary.causes[0].members.count).toBe(21);
    abort.abort();
    await reader.cancel();
  }, 30_000);
});
