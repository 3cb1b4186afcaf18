import { describe, expect, it } from "vitest";
import { containerServing, runsProgram } from "@/lib/init/map-targets";
import { expectedNames, grafanaDashboardDirs, planTargets } from "@/lib/init/plan-config";
import type { DiscoveredContainer } from "@/lib/init/types";

// `cascade init`'s mapping from scrape targets to containers, the Prometheus it picks, and what it expects.

const container = (name: string, extra: Partial<DiscoveredContainer> = {}): DiscoveredContainer => ({
  name,
  image: "busybox",
  command: "",
  running: true,
  labels: {},
  networkMode: "bridge",
  publishedPorts: [],
  listeningPorts: null,
  aliases: [],
  ips: [],
  mounts: [],
  ...extra,
});

const prometheus = container("mon-prometheus", { image: "prom/prometheus:v3.5.0", aliases: ["prometheus"] });
const api = container("shop-api-1", { aliases: ["api"], labels: { "com.docker.compose.service": "api" }, ips: ["10.0.0.7"] });
const published = container("shop-web", { publishedPorts: [{ hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80 }] });
const hostNet = container("edge", { networkMode: "host", listeningPorts: [9100, 18888] });
const stopped = container("old-api", { running: false, aliases: ["old"] });
const all = [prometheus, api, published, hostNet, stopped];

describe("containerServing", () => {
  it.each([
    ["http://api:8000/metrics", "shop-api-1", "network alias"],
    ["http://shop-api-1:8000/metrics", "shop-api-1", "container name"],
    ["http://10.0.0.7:8000/metrics", "shop-api-1", "container address"],
    ["http://127.0.0.1:8080/metrics", "shop-web", "published port"],
    ["http://localhost:18888/metrics", "edge", "listening socket"],
    ["http://[::1]:9100/metrics", "edge", "listening socket"],
  ])("%s is served by %s (%s)", (url, name, how) => {
    expect(containerServing(url, all)).toEqual({ container: name, how });
  });

  it("maps nothing it cannot prove: an unknown name, a port nothing binds, a stopped container, a bad URL", () => {
    expect(containerServing("http://db:5432/metrics", all)).toBeNull();
    expect(containerServing("http://127.0.0.1:9999/metrics", all)).toBeNull();
    expect(containerServing("http://old:80/metrics", all)).toBeNull();
    expect(containerServing("not a url", all)).toBeNull();
  });
});

describe("planTargets", () => {
  const targets = [
    { job: "prometheus", scrapeUrl: "http://localhost:9090/metrics" },
    { job: "api", scrapeUrl: "http://api:8000/metrics" },
    { job: "node", scrapeUrl: "http://127.0.0.1:9100/metrics" },
    { job: "db", scrapeUrl: "http://db:9187/metrics" },
  ];
  const withSelf = [
    { ...prometheus, publishedPorts: [{ hostIp: "127.0.0.1", hostPort: 9090, containerPort: 9090 }] },
    api,
    published,
    hostNet,
  ];

  it("watches the Prometheus and every container serving a target, and says what it left out", () => {
    const plan = planTargets([{ container: "mon-prometheus", url: "http://127.0.0.1:9090", targets }], withSelf);
    expect(plan.containers).toEqual(["mon-prometheus", "shop-api-1", "edge"]);
    expect(plan.endpoints).toEqual([
      { name: "api", url: "http://api:8000/metrics", container: "shop-api-1" },
      { name: "node", url: "http://127.0.0.1:9100/metrics", container: "edge" },
    ]);
    expect(plan.notes.map((note) => note.key)).toEqual([
      "init.prometheus.found",
      "init.target.self",
      "init.target.mapped",
      "init.target.mapped",
      "init.target.unmapped",
    ]);
    expect(plan.notes[4]!.params).toEqual({ job: "db", url: "http://db:9187/metrics" });
  });

  it("picks the Prometheus whose targets map to the most containers, names the other, and copes with none", () => {
    const lonely = { container: "lab-prometheus", url: "http://127.0.0.1:9091", targets: [{ job: "x", scrapeUrl: "http://nowhere:1/m" }] };
    const broken = { container: "broken-prometheus", url: "http://127.0.0.1:9092", targets: { error: "HTTP 503" } };
    const plan = planTargets([lonely, broken, { container: "mon-prometheus", url: "http://127.0.0.1:9090", targets }], withSelf);
    expect(plan.prometheus?.container).toBe("mon-prometheus");
    expect(plan.notes.filter((note) => note.key === "init.prometheus.other").map((note) => note.params.container)).toEqual([
      "lab-prometheus",
      "broken-prometheus",
    ]);
    expect(planTargets([], all)).toMatchObject({ prometheus: null, containers: [], notes: [{ key: "init.prometheus.none" }] });
  });

  it("names endpoints after their job, with the container when a job has several targets", () => {
    const two = [
      { job: "api", scrapeUrl: "http://api:8000/metrics" },
      { job: "api", scrapeUrl: "http://127.0.0.1:8080/metrics" },
    ];
    const plan = planTargets([{ container: "mon-prometheus", url: "http://127.0.0.1:9090", targets: two }], all);
    expect(plan.endpoints.map((endpoint) => endpoint.name)).toEqual(["api-shop-api-1", "api-shop-web"]);
  });
});

describe("what init expects and where it finds dashboards", () => {
  it("expects the exported names the dashboards read, else the exported ones without runtime families", () => {
    const exported = ["shop_orders_total", "process_cpu_seconds_total", "go_goroutines", "shop_cart_items"];
    expect(expectedNames(exported, new Set(["shop_orders_total", "process_cpu_seconds_total", "other"]))).toEqual([
      "process_cpu_seconds_total",
      "shop_orders_total",
    ]);
    expect(expectedNames(exported, null)).toEqual(["shop_cart_items", "shop_orders_total"]);
    expect(expectedNames(exported, new Set(["nothing_exported"]))).toEqual(["shop_cart_items", "shop_orders_total"]);
  });

  it("finds Grafana by image or command and its provisioned dashboards folder among its mounts", () => {
    const grafana = container("mon-grafana", {
      image: "grafana/grafana:12.1.0",
      mounts: [
        { source: "/srv/grafana-data", destination: "/var/lib/grafana" },
        { source: "/srv/stack/dashboards", destination: "/var/lib/grafana/dashboards" },
      ],
    });
    const bare = container("grafana-2", { command: "/usr/sbin/grafana server" });
    expect(grafanaDashboardDirs([grafana, bare, api])).toEqual([
      { container: "mon-grafana", dir: "/srv/stack/dashboards", urls: [] },
      { container: "grafana-2", dir: null, urls: [] },
    ]);
    expect(runsProgram(container("x", { image: "prom/node-exporter", command: "/bin/prometheus-node-exporter" }), "prometheus")).toBe(
      false,
    );
  });
});
