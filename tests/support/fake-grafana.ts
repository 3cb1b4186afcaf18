import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// A stand-in for Grafana's HTTP API (Grafana cannot be installed here): it serves tests/fixtures/grafana/ at the
// real paths, checks the Bearer token like Grafana does, and can be switched into the failures the client must
// survive. Only what the client calls is implemented.

const FIXTURES = path.resolve(__dirname, "../fixtures/grafana");
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8"));

interface SearchHit {
  uid: string;
  title: string;
  url: string;
  [field: string]: unknown;
}

export interface FakeGrafanaBehaviour {
  /** How every /api request whose path starts with `only` (all of them when `only` is null) is answered. */
  respond: "fixtures" | "server-error" | "html" | "hang" | "stall-body";
  only: string | null;
  /** Dashboard uids that answer 404 `{"message":"Dashboard not found"}`. */
  missingDashboards: string[];
  /** Path prefixes that answer 403, as Grafana does for a token without the permission. */
  forbidden: string[];
  /** Generated dashboards appended to the search fixture, to exercise paging. */
  extraDashboards: number;
  /** Misbehave like a proxy that echoes the request's Authorization header into its error bodies. */
  echoAuthorization: boolean;
  /** /api/health answers 503 `database: "failing"`, as Grafana does when its database is unreachable. */
  databaseFailing: boolean;
  /** Delay before each answer, so concurrent requests overlap and `maxInFlight` means something. */
  delayMs: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

export interface FakeGrafanaOptions {
  /** The token Grafana accepts; without one every request is anonymous and allowed. */
  token?: string;
  /** Serve under a sub-path, like Grafana with `root_url = http://host/grafana/` and `serve_from_sub_path`. */
  subPath?: string;
}

export interface FakeGrafana {
  /** Base URL, ending in "/" (and in the sub-path, when there is one). */
  url: string;
  requests: RecordedRequest[];
  /** The most requests that were being answered at the same time since the last reset(). */
  maxInFlight(): number;
  set(behaviour: Partial<FakeGrafanaBehaviour>): void;
  reset(): void;
  close(): Promise<void>;
}

const NORMAL: FakeGrafanaBehaviour = {
  respond: "fixtures",
  only: null,
  missingDashboards: [],
  forbidden: [],
  extraDashboards: 0,
  echoAuthorization: false,
  databaseFailing: false,
  delayMs: 0,
};

export async function startFakeGrafana(options: FakeGrafanaOptions = {}): Promise<FakeGrafana> {
  const subPath = (options.subPath ?? "").replace(/\/+$/, "");
  let behaviour: FakeGrafanaBehaviour = { ...NORMAL };
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  // Grafana's links carry its sub-path (it builds them from root_url).
  const withSubPath = (link: string) => `${subPath}${link}`;

  const searchHits = (): SearchHit[] => {
    const hits: SearchHit[] = (fixture("search-dash-db.json") as SearchHit[]).map((hit) => ({ ...hit, url: withSubPath(hit.url) }));
    for (let index = 1; index <= behaviour.extraDashboards; index++) {
      const uid = `generated-${index}`;
      hits.push({
        id: 1000 + index,
        uid,
        title: `Generated ${index}`,
        url: withSubPath(`/d/${uid}/generated-${index}`),
        type: "dash-db",
        tags: [],
        isStarred: false,
      });
    }
    return hits;
  };

  const dashboardEnvelope = (uid: string): unknown | null => {
    if (uid.startsWith("generated-") && Number(uid.slice("generated-".length)) <= behaviour.extraDashboards) {
      return {
        dashboard: { id: null, uid, title: uid, panels: [], schemaVersion: 39 },
        meta: { url: withSubPath(`/d/${uid}/${uid}`), slug: uid },
      };
    }
    try {
      const envelope = fixture(`dashboards/${path.basename(uid)}.json`) as { dashboard: { uid: string }; meta: { url: string } };
      if (envelope.dashboard.uid !== uid) return null;
      return { ...envelope, meta: { ...envelope.meta, url: withSubPath(envelope.meta.url) } };
    } catch {
      return null;
    }
  };

  const route = (apiPath: string, query: URLSearchParams): { status: number; body: unknown } => {
    if (apiPath === "/api/search") {
      const type = query.get("type");
      const requested = Number(query.get("limit"));
      const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, 5000) : 1000;
      const page = Math.max(1, Number(query.get("page")) || 1);
      const hits = searchHits().filter((hit) => !type || hit.type === type);
      return { status: 200, body: hits.slice((page - 1) * limit, page * limit) };
    }
    const dashboard = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(apiPath);
    if (dashboard) {
      const uid = decodeURIComponent(dashboard[1]!);
      const envelope = behaviour.missingDashboards.includes(uid) ? null : dashboardEnvelope(uid);
      return envelope ? { status: 200, body: envelope } : { status: 404, body: { message: "Dashboard not found" } };
    }
    if (apiPath === "/api/datasources") return { status: 200, body: fixture("datasources.json") };
    const datasourceHealth = /^\/api\/datasources\/uid\/([^/]+)\/health$/.exec(apiPath);
    if (datasourceHealth) {
      const uid = decodeURIComponent(datasourceHealth[1]!);
      const known = (fixture("datasources.json") as { uid: string }[]).some((datasource) => datasource.uid === uid);
      if (!known) return { status: 404, body: { message: "Data source not found" } };
      // Grafana answers a failed check with 400 and the same body shape as a passing one.
      return uid === "auren-loki"
        ? { status: 400, body: fixture("datasource-health-error.json") }
        : { status: 200, body: fixture("datasource-health-ok.json") };
    }
    return { status: 404, body: { message: "Not found" } };
  };

  const server = http.createServer((request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const settle = () => {
      if (!done) inFlight--;
      done = true;
    };
    // "finish" when the answer is handed to the socket, before the client can send its next request; "close" for
    // requests that never get one.
    response.once("finish", settle);
    response.once("close", settle);
    if (behaviour.delayMs > 0) setTimeout(() => answer(request, response), behaviour.delayMs);
    else answer(request, response);
  });

  const answer = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const requestUrl = new URL(request.url ?? "/", "http://fake-grafana");
    const authorization = request.headers.authorization;
    requests.push({ method: request.method ?? "GET", path: requestUrl.pathname, query: requestUrl.searchParams, authorization });
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
      response.end(JSON.stringify(body));
    };
    if (!requestUrl.pathname.startsWith(`${subPath}/api/`)) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("404 page not found");
      return;
    }
    const apiPath = requestUrl.pathname.slice(subPath.length);
    const echoed = behaviour.echoAuthorization ? ` (request carried ${authorization ?? "no authorization"})` : "";

    if (behaviour.only === null || apiPath.startsWith(behaviour.only)) {
      switch (behaviour.respond) {
        case "server-error":
          return json(500, { message: `Internal Server Error${echoed}` });
        case "html":
          // What a reverse proxy's login page looks like to an API client.
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          response.end("<!doctype html><html><head><title>Sign in</title></head><body>Please sign in</body></html>");
          return;
        case "hang":
          return; // never answers; close() drops the socket
        case "stall-body":
          response.writeHead(200, { "content-type": "application/json" });
          response.write('[{"uid":');
          return; // headers and a first chunk, then nothing
        case "fixtures":
          break;
      }
    }
    // Like Grafana, /api/health answers without authentication.
    if (apiPath !== "/api/health" && options.token && authorization !== `Bearer ${options.token}`) {
      return json(401, { message: `Unauthorized${echoed}` });
    }
    if (behaviour.forbidden.some((prefix) => apiPath.startsWith(prefix))) {
      return json(403, {
        message: "You'll need additional permissions to perform this action. Permissions needed: datasources:read",
        title: "Access denied",
      });
    }
    if (apiPath === "/api/health") {
      const health = fixture("health.json") as object;
      return behaviour.databaseFailing ? json(503, { ...health, database: "failing" }) : json(200, health);
    }
    const { status, body } = route(apiPath, requestUrl.searchParams);
    json(status, body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${subPath}/`,
    requests,
    maxInFlight: () => maxInFlight,
    set: (change) => {
      behaviour = { ...behaviour, ...change };
    },
    reset: () => {
      behaviour = { ...NORMAL };
      requests.length = 0;
      maxInFlight = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // hung requests would otherwise keep close() waiting
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
