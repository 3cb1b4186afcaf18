import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "@/server/upstreams/errors";
import {
  checkDatasourceHealth,
  collectGrafana,
  type GrafanaSettings,
  getDashboard,
  getGrafanaHealth,
  listDashboards,
  listDatasources,
} from "@/server/upstreams/grafana/client";
import { type FakeGrafana, startFakeGrafana } from "../support/fake-grafana";

// The Grafana client against a real HTTP server on loopback that speaks Grafana's API from recorded-shape fixtures
// (tests/fixtures/grafana/README.md): Grafana itself cannot be installed here.

const TOKEN = "glsa_fakeServiceAccountToken_0123456789abcdef";

let grafana: FakeGrafana;
let settings: GrafanaSettings;

beforeAll(async () => {
  grafana = await startFakeGrafana({ token: TOKEN });
  settings = { url: grafana.url, token: TOKEN, timeoutMs: 10_000 };
});
afterEach(() => grafana.reset());
afterAll(() => grafana.close());

/** The UpstreamError `promise` rejects with (fails the test if it resolves or throws anything else). */
async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).upstream).toBe("grafana");
  return error as UpstreamError;
}

describe("getGrafanaHealth", () => {
  it("returns Grafana's version and database state", async () => {
    await expect(getGrafanaHealth(settings)).resolves.toEqual({ version: "11.2.0", database: "ok" });
  });

  it("treats 503 with database: failing as an answer, not an outage", async () => {
    grafana.set({ databaseFailing: true });
    await expect(getGrafanaHealth(settings)).resolves.toEqual({ version: "11.2.0", database: "failing" });
  });
});

describe("listDashboards", () => {
  it("lists dash-db hits with absolute links, sending the token as a Bearer header", async () => {
    const dashboards = await listDashboards(settings);
    expect(dashboards.map((dashboard) => dashboard.uid)).toEqual(["auren-system-overview", "auren-cognitive-modes", "auren-webhooks"]);
    expect(dashboards[0]).toEqual({
      uid: "auren-system-overview",
      title: "AUREN System Overview",
      url: `${grafana.url}d/auren-system-overview/auren-system-overview`,
      folderTitle: "AUREN",
      tags: ["auren", "overview"],
    });
    expect(dashboards[2]!.folderTitle).toBeNull();

    const [search] = grafana.requests;
    expect(search!.path).toBe("/api/search");
    expect(search!.query.get("type")).toBe("dash-db");
    expect(search!.query.get("limit")).toBe("5000");
    expect(search!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(grafana.requests).toHaveLength(1);
  });

  it("follows pages until a short one", async () => {
    grafana.set({ extraDashboards: 7 });
    const dashboards = await listDashboards(settings, { pageSize: 4 });
    expect(dashboards).toHaveLength(10);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(10);
    expect(dashboards.at(-1)!.uid).toBe("generated-7");
    expect(grafana.requests.map((request) => [request.query.get("page"), request.query.get("limit")])).toEqual([
      ["1", "4"],
      ["2", "4"],
      ["3", "4"],
    ]);
  });
});

describe("getDashboard", () => {
  it("returns the dashboard model untouched with its link and folder", async () => {
    const { dashboard, url, folderTitle } = await getDashboard(settings, "auren-system-overview");
    expect(dashboard).toMatchObject({ uid: "auren-system-overview", title: "AUREN System Overview" });
    expect((dashboard as { panels: unknown[] }).panels.length).toBeGreaterThan(0);
    expect(url).toBe(`${grafana.url}d/auren-system-overview/auren-system-overview`);
    expect(folderTitle).toBe("AUREN");
  });

  it("URL-encodes the uid", async () => {
    const error = await upstreamError(getDashboard(settings, "a/b c?d"));
    expect(grafana.requests[0]!.path).toBe("/api/dashboards/uid/a%2Fb%20c%3Fd");
    expect(error.status).toBe(404);
  });

  it("turns a 404 into an http UpstreamError carrying Grafana's message", async () => {
    grafana.set({ missingDashboards: ["auren-webhooks"] });
    const error = await upstreamError(getDashboard(settings, "auren-webhooks"));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(404);
    expect(error.message).toContain("Dashboard not found");
  });
});

describe("data sources", () => {
  it("lists data sources in the domain shape", async () => {
    await expect(listDatasources(settings)).resolves.toEqual([
      { uid: "auren-prometheus", name: "Prometheus", type: "prometheus", url: "http://auren-prometheus:9090", isDefault: true },
      { uid: "auren-loki", name: "Loki", type: "loki", url: "http://auren-loki:3100", isDefault: false },
    ]);
  });

  it("reports a passing health check", async () => {
    await expect(checkDatasourceHealth(settings, "auren-prometheus")).resolves.toEqual({
      uid: "auren-prometheus",
      ok: true,
      message: "Successfully queried the Prometheus API.",
    });
  });

  it("reports a failing health check (HTTP 400 with a status body) as a result", async () => {
    await expect(checkDatasourceHealth(settings, "auren-loki")).resolves.toEqual({
      uid: "auren-loki",
      ok: false,
      message: "Unable to connect with Loki. Please check the server logs for more details.",
    });
  });

  it("still throws when the data source does not exist", async () => {
    const error = await upstreamError(checkDatasourceHealth(settings, "no-such-datasource"));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(404);
  });
});

describe("authentication", () => {
  it("says the token was rejected on 401, without the token", async () => {
    const error = await upstreamError(listDashboards({ ...settings, token: "glsa_wrong_token_value" }));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(401);
    expect(error.message).toContain("Grafana rejected the token (HTTP 401)");
    expect(error.message).not.toContain("glsa_wrong_token_value");
  });

  it("says a token is needed when none is configured", async () => {
    const error = await upstreamError(listDatasources({ ...settings, token: undefined }));
    expect(grafana.requests[0]!.authorization).toBeUndefined();
    expect(error.status).toBe(401);
    expect(error.message).toContain("requires a token");
  });

  it("says the token was rejected on 403, with Grafana's reason", async () => {
    grafana.set({ forbidden: ["/api/datasources"] });
    const error = await upstreamError(listDatasources(settings));
    expect(error.status).toBe(403);
    expect(error.message).toContain("Grafana rejected the token (HTTP 403)");
    expect(error.message).toContain("datasources:read");
  });

  it("redacts the token even when the server echoes it back", async () => {
    grafana.set({ respond: "server-error", echoAuthorization: true });
    const error = await upstreamError(listDashboards(settings));
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain(TOKEN);

    grafana.set({ respond: "fixtures" });
    const rejected = await upstreamError(listDashboards({ ...settings, token: "glsa_other_token_echoed" }));
    expect(rejected.status).toBe(401);
    expect(rejected.message).not.toContain("glsa_other_token_echoed");
  });
});

describe("failures", () => {
  it("turns a 500 into an http UpstreamError", async () => {
    grafana.set({ respond: "server-error" });
    const error = await upstreamError(listDashboards(settings));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(500);
    expect(error.message).toContain("Internal Server Error");
  });

  it("turns an HTML page into a parse UpstreamError", async () => {
    grafana.set({ respond: "html" });
    const error = await upstreamError(listDatasources(settings));
    expect(error.kind).toBe("parse");
    expect(error.message).toContain("text/html");
  });

  it("gives up on a server that never answers with a timeout", async () => {
    grafana.set({ respond: "hang" });
    const error = await upstreamError(getGrafanaHealth({ ...settings, timeoutMs: 300 }));
    expect(error.kind).toBe("timeout");
  });

  it("gives up on a body that stalls after the headers with a timeout", async () => {
    grafana.set({ respond: "stall-body", only: "/api/search" });
    const error = await upstreamError(listDashboards({ ...settings, timeoutMs: 300 }));
    expect(error.kind).toBe("timeout");
  });

  it("reports a closed port as a network error", async () => {
    const gone = await startFakeGrafana();
    await gone.close();
    const error = await upstreamError(getGrafanaHealth({ url: gone.url, timeoutMs: 10_000 }));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("connection refused");
  });
});

describe("a Grafana served from a sub-path", () => {
  let nested: FakeGrafana;
  beforeAll(async () => {
    nested = await startFakeGrafana({ token: TOKEN, subPath: "/grafana" });
  });
  afterEach(() => nested.reset());
  afterAll(() => nested.close());

  it.each([
    ["with", (url: string) => url],
    ["without", (url: string) => url.replace(/\/$/, "")],
  ])("keeps the sub-path %s a trailing slash", async (_label, shape) => {
    const base = shape(nested.url);
    const collection = await collectGrafana({ url: base, token: TOKEN, timeoutMs: 10_000 });
    expect(nested.url).toMatch(/\/grafana\/$/);
    expect(collection.health.version).toBe("11.2.0");
    expect(collection.dashboards.map((entry) => entry.error)).toEqual([null, null, null]);
    expect(collection.dashboards[0]!.summary.url).toBe(`${nested.url}d/auren-system-overview/auren-system-overview`);
    expect(nested.requests.every((request) => request.path.startsWith("/grafana/api/"))).toBe(true);
  });
});

describe("collectGrafana", () => {
  it("collects health, data sources with their health, and every dashboard", async () => {
    const collection = await collectGrafana(settings);
    expect(collection.health).toEqual({ version: "11.2.0", database: "ok" });
    expect(collection.datasources.map((datasource) => datasource.uid)).toEqual(["auren-prometheus", "auren-loki"]);
    expect(collection.datasourcesError).toBeNull();
    expect(collection.datasourceHealth).toEqual([
      { uid: "auren-prometheus", ok: true, message: "Successfully queried the Prometheus API." },
      { uid: "auren-loki", ok: false, message: "Unable to connect with Loki. Please check the server logs for more details." },
    ]);
    expect(collection.dashboards.map((entry) => entry.summary.uid)).toEqual([
      "auren-system-overview",
      "auren-cognitive-modes",
      "auren-webhooks",
    ]);
    for (const entry of collection.dashboards) {
      expect(entry.error).toBeNull();
      expect(entry.dashboard).toMatchObject({ uid: entry.summary.uid });
    }
  });

  it("reports a dashboard that 404s beside the others instead of failing", async () => {
    grafana.set({ missingDashboards: ["auren-cognitive-modes"] });
    const collection = await collectGrafana(settings);
    const [overview, modes, webhooks] = collection.dashboards;
    expect(modes!.dashboard).toBeNull();
    expect(modes!.error).toContain("Dashboard not found");
    expect(overview!.dashboard).toMatchObject({ uid: "auren-system-overview" });
    expect(webhooks!.dashboard).toMatchObject({ uid: "auren-webhooks" });
  });

  it("reports a forbidden data-source list and still collects dashboards", async () => {
    grafana.set({ forbidden: ["/api/datasources"] });
    const collection = await collectGrafana(settings);
    expect(collection.datasources).toEqual([]);
    expect(collection.datasourceHealth).toEqual([]);
    expect(collection.datasourcesError).toContain("HTTP 403");
    expect(collection.dashboards.every((entry) => entry.error === null)).toBe(true);
  });

  it("keeps at most 6 requests in flight", async () => {
    grafana.set({ extraDashboards: 20, delayMs: 100 }); // long enough that answers overlap even on a busy machine
    const collection = await collectGrafana(settings);
    expect(collection.dashboards).toHaveLength(23);
    expect(collection.dashboards.every((entry) => entry.error === null)).toBe(true);
    expect(grafana.maxInFlight()).toBeGreaterThan(1);
    expect(grafana.maxInFlight()).toBeLessThanOrEqual(6);
  });

  it("throws when Grafana refuses the token", async () => {
    const error = await upstreamError(collectGrafana({ ...settings, token: "glsa_revoked_token" }));
    expect(error.status).toBe(401);
    expect(error.message).not.toContain("glsa_revoked_token");
  });

  it("throws when Grafana does not answer", async () => {
    grafana.set({ respond: "hang" });
    const error = await upstreamError(collectGrafana({ ...settings, timeoutMs: 300 }));
    expect(error.kind).toBe("timeout");
  });
});
