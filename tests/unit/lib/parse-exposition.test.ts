import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ExpositionParse,
  MAX_PROBLEMS,
  type MetricFamily,
  metricNamesOf,
  parseExposition,
  type Sample,
} from "@/lib/exposition/parse-exposition";

function fixture(file: string): string {
  return readFileSync(new URL(`../../fixtures/metrics/${file}`, import.meta.url), "utf8");
}

function family(parse: ExpositionParse, name: string): MetricFamily {
  const found = parse.families.filter((candidate) => candidate.name === name);
  expect(found, `exactly one family ${name}`).toHaveLength(1);
  return found[0] as MetricFamily;
}

function sampleCount(parse: ExpositionParse): number {
  return parse.families.reduce((sum, { samples }) => sum + samples.length, 0);
}

function onlySample(text: string): Sample {
  const parse = parseExposition(text);
  expect(parse.problems).toEqual([]);
  const samples = parse.families.flatMap((f) => f.samples);
  expect(samples).toHaveLength(1);
  return samples[0] as Sample;
}

describe("OpenMetrics alltypes fixture (prometheus/prometheus)", () => {
  const parse = parseExposition(fixture("prometheus__prometheus__alltypes.5mfs.om.txt"));

  it("reads five families up to # EOF without problems", () => {
    expect(parse.format).toBe("openmetrics");
    expect(parse.sawEof).toBe(true);
    expect(parse.problems).toEqual([]);
    expect(parse.families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ["go_build_info", "gauge", 1],
      ["promhttp_metric_handler_errors", "counter", 4],
      ["rpc_durations_histogram_seconds", "histogram", 24],
      ["rpc_durations_seconds", "summary", 18],
      ["rpc_requests", "counter", 6],
    ]);
    expect(family(parse, "go_build_info").samples[0]).toEqual({
      name: "go_build_info",
      labels: { checksum: "", path: "", version: "" },
      value: 1,
      timestamp: null,
    });
  });

  it("keeps a counter declared without _total together with its _total and _created samples", () => {
    const errors = family(parse, "promhttp_metric_handler_errors");
    expect(errors.help).toBe("Total number of internal errors encountered by the promhttp metric handler.");
    expect(errors.samples).toEqual([
      { name: "promhttp_metric_handler_errors_total", labels: { cause: "encoding" }, value: 0, timestamp: null },
      { name: "promhttp_metric_handler_errors_created", labels: { cause: "encoding" }, value: 1.726839813016397e9, timestamp: null },
      { name: "promhttp_metric_handler_errors_total", labels: { cause: "gathering" }, value: 0, timestamp: null },
      { name: "promhttp_metric_handler_errors_created", labels: { cause: "gathering" }, value: 1.726839813016395e9, timestamp: null },
    ]);
  });

  it("reads negative le buckets and ignores exemplars, including their timestamps", () => {
    const { samples } = family(parse, "rpc_durations_histogram_seconds");
    const buckets = samples.filter((s) => s.name === "rpc_durations_histogram_seconds_bucket");
    expect(buckets).toHaveLength(21);
    expect(buckets[0]?.labels).toEqual({ le: "-0.00099" });
    expect(buckets.find((s) => s.labels.le === "-0.0002899999999999998")).toEqual({
      name: "rpc_durations_histogram_seconds_bucket",
      labels: { le: "-0.0002899999999999998" },
      value: 3,
      timestamp: null,
    });
    expect(buckets.at(-1)).toMatchObject({ labels: { le: "+Inf" }, value: 15 });
    expect(samples.slice(-3).map((s) => [s.name, s.value])).toEqual([
      ["rpc_durations_histogram_seconds_sum", -8.452185437166741e-5],
      ["rpc_durations_histogram_seconds_count", 15],
      ["rpc_durations_histogram_seconds_created", 1.726839813016302e9],
    ]);
  });

  it("keeps the three label sets of a summary in one family", () => {
    const { samples } = family(parse, "rpc_durations_seconds");
    expect(new Set(samples.map((s) => s.labels.service))).toEqual(new Set(["exponential", "normal", "uniform"]));
    expect(samples.filter((s) => s.labels.quantile !== undefined)).toHaveLength(9);
    expect(samples.find((s) => s.name === "rpc_durations_seconds_count" && s.labels.service === "normal")?.value).toBe(15);
  });
});

describe("OpenMetrics escaping fixture (OpenObservability/OpenMetrics)", () => {
  const parse = parseExposition(fixture("OpenObservability__OpenMetrics__escaping__metrics.txt"));

  it("unescapes HELP text and label values, keeping unknown escapes and ' # ' inside values", () => {
    expect(parse.problems).toEqual([]);
    expect(parse.families).toHaveLength(1);
    const counter = family(parse, "a");
    expect(counter.type).toBe("counter");
    expect(counter.help).toBe("he\n\\l\\tp");
    expect(counter.samples.map((s) => [s.name, s.labels.foo, s.value])).toEqual([
      ["a_total", 'b"a\nr', 1],
      ["a_total", "b\\a\\z", 2],
      ["a_total", 'b"a\nr # ', 3],
      ["a_total", "b\\a\\z # ", 4],
    ]);
  });
});

describe("node-exporter recording (Debian prometheus-node-exporter 1.5.0)", () => {
  const parse = parseExposition(fixture("node-exporter.txt"), { contentType: "text/plain; version=0.0.4; charset=utf-8" });

  it("reads every line: hundreds of families, no problems", () => {
    expect(parse.format).toBe("prometheus");
    expect(parse.problems).toEqual([]);
    expect(parse.families.length).toBeGreaterThan(100);
    expect(parse.families).toHaveLength(283);
    expect(sampleCount(parse)).toBe(514);
    expect(parse.families.every((f) => f.help !== null && f.samples.length > 0)).toBe(true);
  });

  it("reads node_cpu_seconds_total as one counter with a sample per cpu and mode", () => {
    const cpu = family(parse, "node_cpu_seconds_total");
    expect(cpu.type).toBe("counter");
    expect(cpu.help).toBe("Seconds the CPUs spent in each mode.");
    expect(cpu.samples.length).toBeGreaterThanOrEqual(8);
    for (const sample of cpu.samples) {
      expect(Object.keys(sample.labels).sort()).toEqual(["cpu", "mode"]);
      expect(sample.value).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(cpu.samples.map((s) => s.labels.mode))).toContain("idle");
  });

  it("groups the go_gc_duration_seconds summary with its _sum and _count", () => {
    const gc = family(parse, "go_gc_duration_seconds");
    expect(gc.type).toBe("summary");
    expect(gc.samples.map((s) => s.labels.quantile ?? s.name)).toEqual([
      "0",
      "0.25",
      "0.5",
      "0.75",
      "1",
      "go_gc_duration_seconds_sum",
      "go_gc_duration_seconds_count",
    ]);
    expect(parse.families.some((f) => f.name.startsWith("go_gc_duration_seconds_"))).toBe(false);
  });

  it("lists the names a query could use", () => {
    const names = metricNamesOf(parse);
    for (const name of ["node_cpu_seconds_total", "node_load1", "go_gc_duration_seconds", "go_gc_duration_seconds_count"]) {
      expect(names.has(name), name).toBe(true);
    }
    expect(names.has("go_gc_duration_seconds_bucket")).toBe(false);
  });
});

describe("Prometheus recording (Debian prometheus 2.42.0)", () => {
  const parse = parseExposition(fixture("prometheus.txt"));

  it("reads every line without problems", () => {
    expect(parse.problems).toEqual([]);
    expect(parse.families).toHaveLength(169);
    expect(sampleCount(parse)).toBe(475);
    expect(family(parse, "prometheus_build_info").samples[0]?.labels.version).toBe("2.42.0+ds");
  });

  it("keeps a histogram with seven handler label sets as one family", () => {
    const duration = family(parse, "prometheus_http_request_duration_seconds");
    expect(duration.type).toBe("histogram");
    const counts = duration.samples.filter((s) => s.name === "prometheus_http_request_duration_seconds_count");
    expect(counts.map((s) => s.labels.handler)).toEqual([
      "/-/healthy",
      "/-/ready",
      "/api/v1/labels",
      "/api/v1/query",
      "/api/v1/status/buildinfo",
      "/api/v1/targets",
      "/metrics",
    ]);
    for (const count of counts) {
      const inf = duration.samples.find((s) => s.labels.le === "+Inf" && s.labels.handler === count.labels.handler);
      expect(inf?.value).toBe(count.value);
    }
    expect(parse.families.filter((f) => f.name.startsWith("prometheus_http_request_duration_seconds"))).toHaveLength(1);
  });
});

describe("sample lines", () => {
  it.each<[string, string, Sample]>([
    ["bare name", "foo 1", { name: "foo", labels: {}, value: 1, timestamp: null }],
    ["empty label set", "foo{} 1", { name: "foo", labels: {}, value: 1, timestamp: null }],
    ["trailing comma", 'foo{a="b",} 2', { name: "foo", labels: { a: "b" }, value: 2, timestamp: null }],
    ["blanks everywhere", '  foo { a = "b" ,\tc="d" }   3  ', { name: "foo", labels: { a: "b", c: "d" }, value: 3, timestamp: null }],
    ["tab separator and CRLF", "foo\t4\r", { name: "foo", labels: {}, value: 4, timestamp: null }],
    ["no blank after }", 'foo{a="b"}5', { name: "foo", labels: { a: "b" }, value: 5, timestamp: null }],
    ["# } , inside a value", 'foo{a="x # {y}, z"} 1', { name: "foo", labels: { a: "x # {y}, z" }, value: 1, timestamp: null }],
    [
      "escapes",
      String.raw`foo{a="q\"t",b="b\\s",c="n\nl",d="\t"} 1`,
      { name: "foo", labels: { a: 'q"t', b: "b\\s", c: "n\nl", d: "\\t" }, value: 1, timestamp: null },
    ],
    ["colons in the name", "job:rate5m:sum 1", { name: "job:rate5m:sum", labels: {}, value: 1, timestamp: null }],
    ["exponent", "foo 1.5e3", { name: "foo", labels: {}, value: 1500, timestamp: null }],
    ["negative exponent", "foo -2E-2", { name: "foo", labels: {}, value: -0.02, timestamp: null }],
    ["leading dot and plus", "foo +.5", { name: "foo", labels: {}, value: 0.5, timestamp: null }],
    ["NaN", "foo NaN", { name: "foo", labels: {}, value: Number.NaN, timestamp: null }],
    ["+Inf", "foo +Inf", { name: "foo", labels: {}, value: Number.POSITIVE_INFINITY, timestamp: null }],
    ["-Inf", "foo -Inf", { name: "foo", labels: {}, value: Number.NEGATIVE_INFINITY, timestamp: null }],
    ["Inf", "foo Inf", { name: "foo", labels: {}, value: Number.POSITIVE_INFINITY, timestamp: null }],
    ["millisecond timestamp", 'foo{a="b"} 7 1395066363000', { name: "foo", labels: { a: "b" }, value: 7, timestamp: 1395066363000 }],
    ["negative timestamp", "foo 7 -5", { name: "foo", labels: {}, value: 7, timestamp: -5 }],
    [
      "exemplar without timestamp",
      'foo_bucket{le="1"} 3 # {id="a"} 0.5 1520879607.789',
      { name: "foo_bucket", labels: { le: "1" }, value: 3, timestamp: null },
    ],
    [
      "exemplar after timestamp",
      'foo_bucket{le="1"} 3 1520879608 # {id="a"} 0.5',
      { name: "foo_bucket", labels: { le: "1" }, value: 3, timestamp: 1520879608 },
    ],
    ["quoted UTF-8 name", '{"name.with.dots", a="x"} 1', { name: "name.with.dots", labels: { a: "x" }, value: 1, timestamp: null }],
    ["quoted name alone", '{"name.with.dots"} 1', { name: "name.with.dots", labels: {}, value: 1, timestamp: null }],
    ["quoted label name", 'foo{"label.with.dots"="v"} 1', { name: "foo", labels: { "label.with.dots": "v" }, value: 1, timestamp: null }],
  ])("%s", (_case, line, expected) => {
    expect(onlySample(line)).toEqual(expected);
  });

  it("keeps a label named __proto__ as an ordinary label", () => {
    const { labels } = onlySample('foo{__proto__="x"} 1');
    expect(Object.keys(labels)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it("reads the last sample when the final newline is missing", () => {
    const parse = parseExposition('a 1\nb{x="y"} 2 1700000000000');
    expect(parse.problems).toEqual([]);
    expect(parse.families.map((f) => f.samples)).toEqual([
      [{ name: "a", labels: {}, value: 1, timestamp: null }],
      [{ name: "b", labels: { x: "y" }, value: 2, timestamp: 1700000000000 }],
    ]);
  });

  it("keeps OpenMetrics timestamps in (fractional) seconds as written", () => {
    const parse = parseExposition("# TYPE foo gauge\nfoo 1 1520879607.789\n# EOF");
    expect(parse.format).toBe("openmetrics");
    expect(family(parse, "foo").samples[0]?.timestamp).toBe(1520879607.789);
  });
});

describe("malformed lines", () => {
  it.each<[string, RegExp]>([
    ["foo", /sample "foo" has no value/],
    ["foo ", /has no value/],
    ['foo{a="b"', /expected , or \} in label set, found end of line/],
    ['foo{a="b} 1', /value of label "a" is not closed/],
    ["foo{a=b} 1", /value of label "a" must be a quoted string/],
    ['foo{1a="b"} 1', /expected a label name, found "1"/],
    ['foo{a="1",a="2"} 1', /label "a" appears twice/],
    ['foo{a="1" b="2"} 1', /expected , or \}/],
    ['foo{"bar"} 1', /metric name is given twice/],
    ['{a="b"} 1', /expected a metric name before or inside/],
    ["foo abc", /invalid value "abc"/],
    ["foo 0x10", /invalid value "0x10"/],
    ["foo 1 abc", /invalid timestamp "abc"/],
    ["foo 1 NaN", /invalid timestamp "NaN"/],
    ["foo 1 2 3", /unexpected "3" after the timestamp/],
    ["foo-bar 1", /unexpected "-" in metric name/],
    ["1foo 1", /expected a metric name, found "1"/],
    ["# TYPE foo-bar counter", /invalid metric name "foo-bar"/],
    ["# TYPE foo summ", /unknown metric type "summ"/],
    ["# HELP", /# HELP without a metric name/],
    ['# TYPE "foo counter', /quoted metric name is not closed/],
  ])("%s is a problem and parsing goes on", (bad, message) => {
    const parse = parseExposition(`${bad}\nok_total 1\n`);
    expect(parse.problems).toEqual([{ line: 1, message: expect.stringMatching(message) }]);
    expect(parse.families.at(-1)?.samples).toEqual([{ name: "ok_total", labels: {}, value: 1, timestamp: null }]);
  });

  it("reports a second TYPE or HELP for the same family and keeps the first", () => {
    const parse = parseExposition("# HELP a one\n# TYPE a gauge\n# HELP a two\n# TYPE a counter\na 1\n");
    expect(parse.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(family(parse, "a")).toMatchObject({ type: "gauge", help: "one" });
  });

  it("reports text after # EOF once and stops there", () => {
    const parse = parseExposition("foo 1\n# EOF\nbar 2\nbaz 3\n# EOF\n");
    expect(parse.format).toBe("openmetrics");
    expect(parse.sawEof).toBe(true);
    expect(parse.families.map((f) => f.name)).toEqual(["foo"]);
    expect(parse.problems).toEqual([{ line: 3, message: 'text after "# EOF" is ignored' }]);
  });
});

describe("grouping samples into families", () => {
  it("does not split a histogram whose _count comes before its buckets", () => {
    const parse = parseExposition('# TYPE h histogram\nh_count 4\nh_sum 2.5\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 4\n');
    expect(parse.problems).toEqual([]);
    expect(parse.families).toHaveLength(1);
    expect(family(parse, "h").samples.map((s) => s.name)).toEqual(["h_count", "h_sum", "h_bucket", "h_bucket"]);
  });

  it("keeps a labelled histogram one family, even when another family interrupts it", () => {
    const parse = parseExposition(
      [
        "# TYPE req_seconds histogram",
        'req_seconds_bucket{path="/a",le="+Inf"} 2',
        'req_seconds_sum{path="/a"} 1',
        'req_seconds_count{path="/a"} 2',
        "# TYPE other gauge",
        "other 1",
        'req_seconds_bucket{path="/b",le="+Inf"} 5',
        'req_seconds_sum{path="/b"} 3',
        'req_seconds_count{path="/b"} 5',
      ].join("\n"),
    );
    expect(parse.problems).toEqual([]);
    expect(parse.families.map((f) => [f.name, f.samples.length])).toEqual([
      ["req_seconds", 6],
      ["other", 1],
    ]);
  });

  it("gives a sample to the latest declared family before an older one with its exact name", () => {
    const parse = parseExposition("# TYPE rpc_count gauge\nrpc_count 1\n# TYPE rpc summary\nrpc_count 2\nrpc_sum 3\n");
    expect(parse.families.map((f) => [f.name, f.type, f.samples.map((s) => s.value)])).toEqual([
      ["rpc_count", "gauge", [1]],
      ["rpc", "summary", [2, 3]],
    ]);
  });

  it.each<[string, string, [string, string, number][]]>([
    ["OpenMetrics counter", "# TYPE c counter\nc_total 1\nc_created 2\n# EOF", [["c", "counter", 2]]],
    ["Prometheus counter named with _total", "# TYPE c_total counter\nc_total 1", [["c_total", "counter", 1]]],
    ["info", '# TYPE build info\nbuild_info{v="1"} 1\n# EOF', [["build", "info", 1]]],
    ["stateset", '# TYPE s stateset\ns{s="a"} 1\ns{s="b"} 0\n# EOF', [["s", "stateset", 2]]],
    ["gaugehistogram", '# TYPE g gaugehistogram\ng_bucket{le="+Inf"} 1\ng_gcount 1\ng_gsum 2\n# EOF', [["g", "gaugehistogram", 3]]],
    [
      "gauge takes no suffix",
      "# TYPE g gauge\ng 1\ng_total 2",
      [
        ["g", "gauge", 1],
        ["g_total", "untyped", 1],
      ],
    ],
    [
      "summary takes no _bucket",
      "# TYPE s summary\ns_sum 1\ns_bucket 2",
      [
        ["s", "summary", 1],
        ["s_bucket", "untyped", 1],
      ],
    ],
    [
      "undeclared samples",
      'x_total 1\ny 2\nx_total{a="b"} 3',
      [
        ["x_total", "untyped", 2],
        ["y", "untyped", 1],
      ],
    ],
    ["HELP without TYPE", "# HELP h some help\nh 1", [["h", "untyped", 1]]],
    ["declared type unknown", "# TYPE u unknown\nu 1\n# EOF", [["u", "unknown", 1]]],
    ["TYPE after HELP after samples", "z 1\n# HELP z help\n# TYPE z gauge\nz 2", [["z", "gauge", 2]]],
    ["case-insensitive TYPE", "# TYPE q COUNTER\nq 1", [["q", "counter", 1]]],
  ])("%s", (_case, text, expected) => {
    const parse = parseExposition(text);
    expect(parse.problems).toEqual([]);
    expect(parse.families.map((f) => [f.name, f.type, f.samples.length])).toEqual(expected);
  });

  it("reads HELP escapes per format and UNIT lines", () => {
    const prometheus = parseExposition(`${String.raw`# HELP a x\"y\\z\nw`}\na 1\n`);
    expect(family(prometheus, "a").help).toBe('x\\"y\\z\nw');
    const openMetrics = parseExposition(`${String.raw`# HELP a x\"y`}\n# TYPE a gauge\n# UNIT a seconds\na 1\n# EOF\n`);
    expect(family(openMetrics, "a")).toMatchObject({ help: 'x"y', unit: "seconds", type: "gauge" });
    expect(parseExposition("# HELP a\na 1").families[0]?.help).toBe("");
  });

  it("accepts a quoted name in TYPE and HELP", () => {
    const parse = parseExposition('# TYPE "my.count" counter\n# HELP "my.count" dots\n{"my.count_total", a="b"} 1\n# EOF');
    expect(parse.problems).toEqual([]);
    expect(family(parse, "my.count")).toMatchObject({ type: "counter", help: "dots", samples: [{ name: "my.count_total" }] });
  });
});

describe("format detection", () => {
  it.each<[string, string | null, ExpositionParse["format"], boolean]>([
    ["foo 1\n", null, "prometheus", false],
    ["foo 1\n", "text/plain; version=0.0.4; charset=utf-8", "prometheus", false],
    ["foo 1\n# EOF\n", null, "openmetrics", true],
    ["foo 1\n# EOF", "text/plain; version=0.0.4", "openmetrics", true],
    ["foo 1\r\n# EOF\r\n\r\n", null, "openmetrics", true],
    ["foo 1\n# EOF\n", "application/openmetrics-text; version=1.0.0; charset=utf-8", "openmetrics", true],
    ["# EOF\nfoo 1\n", null, "prometheus", false],
  ])("%j with content type %j is %s", (text, contentType, format, sawEof) => {
    const parse = parseExposition(text, { contentType });
    expect(parse).toMatchObject({ format, sawEof, problems: [] });
    expect(family(parse, "foo").samples).toHaveLength(1);
  });

  it("flags OpenMetrics announced by content type but cut short before # EOF", () => {
    const parse = parseExposition("foo 1\nbar 2\n", { contentType: "Application/OpenMetrics-Text; version=1.0.0" });
    expect(parse.format).toBe("openmetrics");
    expect(parse.sawEof).toBe(false);
    expect(parse.families.map((f) => f.name)).toEqual(["foo", "bar"]);
    expect(parse.problems).toEqual([{ line: 3, message: expect.stringContaining("# EOF") }]);
  });
});

describe("input that is not exposition text", () => {
  it("reads nothing from an empty or blank body, without problems", () => {
    for (const text of ["", "\n\n", "   \n\t\n"]) {
      expect(parseExposition(text)).toEqual({ format: "prometheus", families: [], problems: [], sawEof: false });
    }
  });

  it("reports an HTML page line by line", () => {
    const html = "<!DOCTYPE html>\n<html>\n  <head><title>404 Not Found</title></head>\n  <body><h1>Not Found</h1></body>\n</html>\n";
    const parse = parseExposition(html, { contentType: "text/html; charset=utf-8" });
    expect(parse.families).toEqual([]);
    expect(parse.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
    expect(parse.problems[0]?.message).toBe('expected a metric name, found "<"');
  });

  it("reports a JSON error body", () => {
    const parse = parseExposition('{"status":"error","error":"unauthorized"}');
    expect(parse.families).toEqual([]);
    expect(parse.problems).toHaveLength(1);
  });

  it("survives random bytes", () => {
    const bytes = new Uint8Array(64 * 1024);
    let seed = 42;
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    const parse = parseExposition(new TextDecoder().decode(bytes));
    expect(parse.families).toEqual([]);
    expect(parse.problems.length).toBeGreaterThan(0);
    expect(parse.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  });

  it("skips a leading byte-order mark", () => {
    const parse = parseExposition("\uFEFF# TYPE foo gauge\nfoo 1\n");
    expect(parse.problems).toEqual([]);
    expect(family(parse, "foo").type).toBe("gauge");
  });

  it("survives a non-string body from untyped callers", () => {
    expect(parseExposition(undefined as unknown as string).families).toEqual([]);
    expect(parseExposition(42 as unknown as string).problems).toEqual([]);
  });

  it("caps the problems it lists and counts the rest", () => {
    const parse = parseExposition(`${"<p>\n".repeat(200)}ok 1\n`);
    expect(parse.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(parse.problems.at(-1)).toEqual({ line: MAX_PROBLEMS + 1, message: "150 more problems from here on are not listed" });
    expect(parse.families.map((f) => f.name)).toEqual(["ok"]);
  });

  it("keeps problem messages short when a line is huge", () => {
    const parse = parseExposition(`foo ${"9".repeat(100_000)}x`);
    expect(parse.problems).toHaveLength(1);
    expect(parse.problems[0]?.message.length).toBeLessThan(80);
  });
});

describe("metricNamesOf", () => {
  it("lists family names and every sample name", () => {
    const parse = parseExposition(
      [
        "# TYPE http_requests counter",
        'http_requests_total{code="200"} 1',
        'http_requests_created{code="200"} 1',
        "# TYPE latency_seconds histogram",
        'latency_seconds_bucket{le="+Inf"} 1',
        "latency_seconds_sum 1",
        "latency_seconds_count 1",
        "# HELP declared_only nothing yet",
        "up 1",
        "# EOF",
      ].join("\n"),
    );
    expect(metricNamesOf(parse)).toEqual(
      new Set([
        "http_requests",
        "http_requests_total",
        "http_requests_created",
        "latency_seconds",
        "latency_seconds_bucket",
        "latency_seconds_sum",
        "latency_seconds_count",
        "declared_only",
        "up",
      ]),
    );
  });

  it("is empty for a body with no families", () => {
    expect(metricNamesOf(parseExposition("<html></html>")).size).toBe(0);
  });
});
