import { describe, expect, it } from "vitest";
import { extractMetricNames, unquote } from "@/lib/promql/metric-names";

const metricsOf = (expr: string) => extractMetricNames(expr);

describe("extractMetricNames", () => {
  it.each<[string, string, string[]]>([
    ["a bare selector", "up", ["up"]],
    ["a selector with matchers", 'process_open_fds{job="api", instance=~"10\\\\..*"}', ["process_open_fds"]],
    ["a binary op, sorted and unique", "b_total / a_total + b_total", ["a_total", "b_total"]],
    ["a function around a range", 'rate(http_requests_total{code=~"5.."}[5m])', ["http_requests_total"]],
    [
      "an aggregation with by()",
      "histogram_quantile(0.95, sum by (le, tier) (rate(latency_seconds_bucket[1m])))",
      ["latency_seconds_bucket"],
    ],
    ["without() and topk's parameter", "topk(5, sum without (cpu) (node_cpu_seconds_total))", ["node_cpu_seconds_total"]],
    ["a subquery", "max_over_time(deriv(node_load1[5m])[1h:1m])", ["node_load1"]],
    ["offset and @ modifiers", "foo offset 1h - foo offset -5m + bar @ 1609746000 + baz @ end()", ["bar", "baz", "foo"]],
    [
      "on()/group_left() label names are not metrics",
      "sum by (instance) (rate(cpu_seconds[1m])) / on(instance) group_left(nodename) node_uname_info",
      ["cpu_seconds", "node_uname_info"],
    ],
    ["ignoring() label names are not metrics", "errors_total / ignoring(code, method) requests_total", ["errors_total", "requests_total"]],
    [
      "string literals are not metrics",
      'label_replace(up, "host", "$1", "instance", "(.*):.*") or count_values("version", build_info)',
      ["build_info", "up"],
    ],
    [
      "recording-rule names with colons",
      'sum(namespace_cpu:kube_pod_container_resource_requests:sum{cluster="x"}) / :node_memory:sum',
      [":node_memory:sum", "namespace_cpu:kube_pod_container_resource_requests:sum"],
    ],
    ["functions without vector arguments", "vector(1) + time() + pi()", []],
    ["a bool comparison", "up == bool 1", ["up"]],
    ["a metric named like a function", "rate", ["rate"]],
    ["a comment", "# what is up\nup", ["up"]],
    ["a number", "42", []],
  ])("reads %s", (_, expr, metrics) => {
    expect(metricsOf(expr)).toEqual({ metrics, error: null });
  });

  describe("__name__ matchers", () => {
    it.each<[string, string[]]>([
      ['{__name__="foo"}', ["foo"]],
      ['{"__name__"="foo"}', ["foo"]],
      ["{__name__='single_quoted'}", ["single_quoted"]],
      ["{__name__=`raw_quoted`}", ["raw_quoted"]],
      ['{__name__=~"a|b"}', ["a", "b"]],
      ['{__name__=~"(a_total|b:rule)", job="x"}', ["a_total", "b:rule"]],
      ['{__name__=~"only_one"}', ["only_one"]],
      ['{"my.dotted.metric", job="x"}', ["my.dotted.metric"]],
    ])("%s yields %j", (expr, metrics) => {
      expect(metricsOf(expr)).toEqual({ metrics, error: null });
    });

    it.each(['{__name__=~"http_.*"}', '{__name__=~"a|b.+"}', '{__name__!="foo"}', '{__name__!~"a|b"}', '{__name__=""}'])(
      "%s yields nothing rather than a guess",
      (expr) => {
        expect(metricsOf(expr)).toEqual({ metrics: [], error: null });
      },
    );

    it("reads the alternation of the red-metrics dashboard", () => {
      const expr =
        'sum(histogram_count(rate({__name__=~"http_server_request_duration_seconds|http_server_duration_milliseconds", job=~".+"}[5m])))';
      expect(metricsOf(expr).metrics).toEqual(["http_server_duration_milliseconds", "http_server_request_duration_seconds"]);
    });
  });

  describe("syntax errors", () => {
    it.each<[string, string]>([
      ["rate(foo[5m]", "unexpected end of expression"],
      ["sum(", "unexpected end of expression"],
      ["foo bar", 'unexpected "bar" at position 4'],
      ["rate(up[$__rate_interval])", 'unexpected "$" at position 8'],
      [")", 'unexpected ")" at position 0'],
    ])("%s reports %j and no metrics", (expr, error) => {
      expect(metricsOf(expr)).toEqual({ metrics: [], error });
    });

    it("reports an empty expression", () => {
      expect(metricsOf("  \n")).toEqual({ metrics: [], error: "empty expression" });
    });
  });
});

describe("unquote", () => {
  it.each<[string, string | null]>([
    ['"plain"', "plain"],
    ['"a\\"b\\\\c\\n"', 'a"b\\c\n'],
    ["'it\\'s'", "it's"],
    ["`raw\\n`", "raw\\n"],
    ['"\\x41\\u00e9\\101"', "AéA"],
    ['"unterminated', null],
    ['"bad \\q escape"', null],
  ])("%s -> %j", (literal, value) => {
    expect(unquote(literal)).toBe(value);
  });
});
