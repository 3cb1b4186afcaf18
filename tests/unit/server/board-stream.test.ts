import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/board/stream/route";
import { BoardCache } from "@/server/collect/board-cache";
import { AppError } from "@/server/errors";

// The board stream when a collection fails: the `failure` event carries the same error body as the JSON routes, so
// the page reads one shape. No Docker here: the cache and the Docker event feed are this process's stand-ins.

const slot = (key: string) => Symbol.for(`cascade.${key}`);
const store = globalThis as unknown as Record<symbol, unknown>;

async function readEvents(response: Response, count: number): Promise<string[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const events = () => text.split("\n\n").filter((frame) => frame.startsWith("event:"));
  while (events().length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return events();
}

describe("GET /api/board/stream", () => {
  beforeAll(() => {
    vi.stubEnv("CASCADE_CONFIG", path.resolve("demo/cascade.yaml"));
    vi.stubEnv("CASCADE_DATA_DIR", fs.mkdtempSync(path.join(os.tmpdir(), "cascade-stream-")));
    store[slot("docker-event-feed")] = { subscribe: () => () => undefined };
    store[slot("board-cache")] = new BoardCache(() =>
      Promise.reject(new AppError("upstream_timeout", "Docker did not answer within 2000 ms.", 504)),
    );
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    delete store[slot("docker-event-feed")];
    delete store[slot("board-cache")];
    delete store[slot("board-broadcast")];
  });

  it("sends a failed collection as a `failure` event with the JSON routes' error body", async () => {
    const abort = new AbortController();
    const response = await GET(
      new Request("http://127.0.0.1:3000/api/board/stream", { headers: { host: "127.0.0.1:3000" }, signal: abort.signal }),
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const [event] = await readEvents(response, 1);
    abort.abort();
    expect(event).toBe(
      `event: failure\ndata: ${JSON.stringify({ error: { code: "upstream_timeout", message: "Docker did not answer within 2000 ms." } })}`,
    );
  });
});
