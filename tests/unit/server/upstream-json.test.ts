import { describe, expect, it } from "vitest";
import { z } from "zod";
import { UpstreamError } from "@/server/upstreams/errors";
import { jsonErrorMessage, parseJsonAnswer, type UpstreamResponse } from "@/server/upstreams/http";

const URL = "http://upstream.test/api/thing";
const thing = z.object({ name: z.string() });
const answer = (status: number, body: string, contentType: string | null = "application/json"): UpstreamResponse => ({
  url: URL,
  status,
  contentType,
  body,
  bytes: Buffer.byteLength(body),
  latencyMs: 1,
});

function failure(run: () => unknown): UpstreamError {
  try {
    run();
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error("expected an UpstreamError");
}

describe("parseJsonAnswer", () => {
  it("returns a 2xx body of the schema's shape", () => {
    expect(parseJsonAnswer("grafana", URL, answer(200, '{"name":"overview","extra":1}'), { schema: thing })).toEqual({ name: "overview" });
  });

  it.each<[string, UpstreamResponse, string, string, number]>([
    ["a 2xx body that is not JSON", answer(200, "<html>", "text/html"), "parse", `${URL} did not answer JSON (text/html)`, 200],
    ["a body without a content type", answer(200, "", null), "parse", `${URL} did not answer JSON (no content type)`, 200],
    ["a 2xx body of another shape", answer(200, '{"name":7}'), "parse", `${URL} answered an unexpected shape (name: `, 200],
    ["a refusal that is not JSON", answer(502, "Bad Gateway", "text/plain"), "http", `${URL} answered HTTP 502`, 502],
    ["a refusal with its error", answer(422, '{"error":"bad query"}'), "http", `${URL} answered HTTP 422: bad query`, 422],
    [
      "a refusal with its message",
      answer(404, '{"message":"Dashboard not found"}'),
      "http",
      `${URL} answered HTTP 404: Dashboard not found`,
      404,
    ],
    ["a refusal of the schema's shape", answer(500, '{"name":"x"}'), "http", `${URL} answered HTTP 500`, 500],
  ])("makes %s an error", (_case, response, kind, message, status) => {
    const error = failure(() => parseJsonAnswer("prometheus", URL, response, { schema: thing }));
    expect(error).toMatchObject({ upstream: "prometheus", kind, status });
    expect(error.message.startsWith(message)).toBe(true);
  });

  it("takes a listed non-2xx status as an answer only when its body has the schema's shape", () => {
    const health = { schema: thing, answerStatuses: [503] };
    expect(parseJsonAnswer("grafana", URL, answer(503, '{"name":"failing"}'), health)).toEqual({ name: "failing" });
    expect(failure(() => parseJsonAnswer("grafana", URL, answer(503, '{"message":"down"}'), health))).toMatchObject({
      kind: "http",
      message: `${URL} answered HTTP 503: down`,
    });
  });

  it("reads the message only from the fields the upstream uses", () => {
    const response = answer(400, '{"error":"internal detail","message":"Bad request"}');
    const error = failure(() => parseJsonAnswer("grafana", URL, response, { schema: thing, messageFields: ["message"] }));
    expect(error.message).toBe(`${URL} answered HTTP 400: Bad request`);
  });
});

describe("jsonErrorMessage", () => {
  it.each<[string, string | null]>([
    ['{"error":"first","message":"second"}', "first"],
    ['{"message":"only"}', "only"],
    ['{"error":"","message":"not empty"}', "not empty"],
    ['{"error":{"nested":true}}', null],
    ["[1,2]", null],
    ["null", null],
    ["not json", null],
  ])("%s -> %s", (body, message) => {
    expect(jsonErrorMessage(body)).toBe(message);
  });
});
