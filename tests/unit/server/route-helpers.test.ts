import { describe, expect, it } from "vitest";
import { otherMethods } from "@/server/http/route-helpers";

const request = (method: string) => new Request("http://board.test/api/thing", { method });

describe("otherMethods", () => {
  it("answers every method a GET route does not serve with 405, the JSON error body and Allow", async () => {
    const handlers = otherMethods("GET");
    expect(Object.keys(handlers).sort()).toEqual(["DELETE", "PATCH", "POST", "PUT"]);
    const response = await handlers.DELETE(request("DELETE"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(await response.json()).toEqual({ error: { code: "method_not_allowed", message: "DELETE is not allowed here; use GET." } });
  });

  it("answers GET and HEAD on a POST-only route, and names every served method", async () => {
    const handlers = otherMethods("POST");
    expect(Object.keys(handlers).sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH", "PUT"]);
    const response = await handlers.GET(request("GET"));
    expect(response.headers.get("allow")).toBe("POST");
    const several = await otherMethods("GET", "POST", "DELETE").PUT(request("PUT"));
    expect(several.headers.get("allow")).toBe("GET, HEAD, POST, DELETE");
    expect((await several.json()).error.message).toBe("PUT is not allowed here; use GET, POST or DELETE.");
  });
});
