import { describe, expect, it } from "vitest";
import { substituteVariables, type VariableContext, variablesFromDashboard } from "@/lib/dashboards/template-variables";

const single: VariableContext = { values: { job: ["api"], instance: ["10.0.0.1:9100"], le: ["0.5"] } };

describe("substituteVariables: reference forms", () => {
  it.each<[string, string]>([
    ['up{job="$job"}', 'up{job="api"}'],
    ['up{job="${job}"}', 'up{job="api"}'],
    ['up{job="[[job]]"}', 'up{job="api"}'],
    ['up{job="pre-${job}-post"}', 'up{job="pre-api-post"}'],
    ['up{instance=~"$instance"}', 'up{instance=~"10.0.0.1:9100"}'],
    ['up{instance=~"${instance:regex}"}', 'up{instance=~"10\\\\.0\\\\.0\\\\.1:9100"}'],
    ['up{instance=~"[[instance:regex]]"}', 'up{instance=~"10\\\\.0\\\\.0\\\\.1:9100"}'],
    ['up{job="${job:raw}"}', 'up{job="api"}'],
    ['up{job=~"$job|other"}', 'up{job=~"api|other"}'],
  ])("%s -> %s", (expr, resolved) => {
    expect(substituteVariables(expr, single)).toBe(resolved);
  });

  it("leaves unknown variables and label_replace's $1 alone", () => {
    expect(substituteVariables('up{job="$nope", a="${nope:csv}"}', single)).toBe('up{job="$nope", a="${nope:csv}"}');
    expect(substituteVariables('label_replace(up{job="$job"}, "host", "$1", "instance", "(.*):.*")', single)).toBe(
      'label_replace(up{job="api"}, "host", "$1", "instance", "(.*):.*")',
    );
  });

  it("reads $job:$port as two variables separated by a colon", () => {
    const context = { values: { node: ["host"], port: ["9100"] } };
    expect(substituteVariables('up{instance=~"$node:$port"}', context)).toBe('up{instance=~"host:9100"}');
  });

  it("escapes a value's quotes and backslashes for the string it lands in", () => {
    const context = { values: { path: ['C:\\dir "x"'] } };
    expect(substituteVariables('up{path="$path"}', context)).toBe('up{path="C:\\\\dir \\"x\\""}');
    expect(substituteVariables("up{path='$path'}", context)).toBe("up{path='C:\\\\dir \"x\"'}");
    expect(substituteVariables("up{path=`$path`}", context)).toBe('up{path=`C:\\dir "x"`}');
  });
});

describe("substituteVariables: multi-value and formats", () => {
  const multi: VariableContext = { values: { job: ["api", "web.v2"] }, escaping: { job: "regex" } };

  it("joins several values as an escaped regex alternation inside a matcher, as Grafana does", () => {
    expect(substituteVariables('up{job=~"$job"}', multi)).toBe('up{job=~"(api|web\\\\.v2)"}');
    expect(substituteVariables('up{job=~"${job}"}', multi)).toBe('up{job=~"(api|web\\\\.v2)"}');
  });

  it("comma-joins several values outside strings, where a grouping list expects them", () => {
    const context = { values: { labels: ["instance", "job"] } };
    expect(substituteVariables("sum by ($labels) (up)", context)).toBe("sum by (instance,job) (up)");
  });

  it("regex-escapes a multi-value variable's single value only inside a regex matcher", () => {
    const one: VariableContext = { values: { job: ["web.v2"] }, escaping: { job: "regex" } };
    expect(substituteVariables('up{job=~"$job"}', one)).toBe('up{job=~"web\\\\.v2"}');
    expect(substituteVariables('up{job="$job"}', one)).toBe('up{job="web.v2"}');
  });

  it.each<[string, string]>([
    ["regex", '"(api|web\\\\.v2)"'],
    ["pipe", '"api|web.v2"'],
    ["csv", '"api,web.v2"'],
    ["raw", '"api,web.v2"'],
    ["glob", '"{api,web.v2}"'],
    ["text", '"api + web.v2"'],
    ["json", '"[\\"api\\",\\"web.v2\\"]"'],
    ["doublequote", '"\\"api\\",\\"web.v2\\""'],
    ["singlequote", "\"'api','web.v2'\""],
    ["sqlstring", "\"'api','web.v2'\""],
    ["percentencode", '"%7Bapi%2Cweb.v2%7D"'],
    ["queryparam", '"var-job=api&var-job=web.v2"'],
    ["unknownformat", '"{api,web.v2}"'],
  ])("${job:%s}", (format, resolved) => {
    expect(substituteVariables(`up{job=~"\${job:${format}}"}`, multi)).toBe(`up{job=~${resolved}}`);
  });

  it("inserts an expanded All verbatim, never escaped", () => {
    const all: VariableContext = { values: { job: [".+"] }, escaping: { job: "verbatim" } };
    expect(substituteVariables('up{job=~"$job"}', all)).toBe('up{job=~".+"}');
    expect(substituteVariables('up{job=~"${job:regex}"}', all)).toBe('up{job=~".+"}');
  });
});

describe("substituteVariables: built-ins", () => {
  it.each<[string, string]>([
    ["rate(x[$__rate_interval])", "rate(x[1m])"],
    ["rate(x[${__rate_interval}])", "rate(x[1m])"],
    ["rate(x[[[__interval]]])", "rate(x[30s])"],
    ["rate(x[$__interval])", "rate(x[30s])"],
    ["x * $__interval_ms", "x * 30000"],
    ["increase(x[$__range])", "increase(x[1h])"],
    ["x / $__range_s + $__range_ms", "x / 3600 + 3600000"],
    ["rate(x[$__auto])", "rate(x[30s])"],
    ["rate(x[$__auto_interval_myinterval])", "rate(x[30s])"],
    ['x{d="$__dashboard", u="${__user.login}", o="${__org.name}"}', 'x{d="dashboard", u="admin", o="Main Org."}'],
  ])("%s -> %s", (expr, resolved) => {
    expect(substituteVariables(expr, { values: {} })).toBe(resolved);
  });

  it("lets the caller override built-ins", () => {
    const builtins = { __rate_interval: "4m", __range: "6h", __dashboard: "Node Exporter Full" };
    expect(substituteVariables('increase(x{d="$__dashboard"}[$__range]) / rate(x[$__rate_interval])', { values: {} }, builtins)).toBe(
      'increase(x{d="Node Exporter Full"}[6h]) / rate(x[4m])',
    );
  });

  it("formats $__from and $__to", () => {
    const builtins = { __from: "1700000000000", __to: "1700003600000" };
    expect(substituteVariables("x @ ${__to:date:seconds}", { values: {} }, builtins)).toBe("x @ 1700003600");
    expect(substituteVariables("$__from ${__from:date}", { values: {} }, builtins)).toBe("1700000000000 2023-11-14T22:13:20.000Z");
    expect(substituteVariables("$__to", { values: {} })).toMatch(/^\d{13}$/);
  });

  it("resolves a variable whose value is itself a built-in (an interval variable set to auto)", () => {
    const context = { values: { interval: ["$__auto_interval_interval"] } };
    expect(substituteVariables("rate(x[$interval])", context)).toBe("rate(x[30s])");
  });

  it("leaves unknown built-ins alone", () => {
    expect(substituteVariables("x[$__nope]", { values: {} })).toBe("x[$__nope]");
  });
});

describe("variablesFromDashboard", () => {
  const variable = (fields: Record<string, unknown>) => ({ type: "query", ...fields });
  const board = (list: unknown[], extra: Record<string, unknown> = {}) => ({ panels: [], templating: { list }, ...extra });

  it("reads single, multi and All selections", () => {
    const context = variablesFromDashboard(
      board([
        variable({ name: "job", current: { text: "api", value: "api" } }),
        variable({ name: "multi", multi: true, current: { text: ["a", "b"], value: ["a", "b"] } }),
        variable({ name: "allCustom", includeAll: true, allValue: ".+", current: { text: ["All"], value: ["$__all"] } }),
        variable({ name: "allPlain", includeAll: true, allValue: null, current: { text: "All", value: "$__all" } }),
        variable({ name: "allText", includeAll: true, current: { text: "All", value: "All" } }),
      ]),
    );
    expect(context.values).toEqual({ job: ["api"], multi: ["a", "b"], allCustom: [".+"], allPlain: [".*"], allText: [".*"] });
    expect(context.escaping).toEqual({ multi: "regex", allCustom: "verbatim", allPlain: "verbatim", allText: "verbatim" });
  });

  it("treats a query variable with no saved value as All (allValue, else .*)", () => {
    const context = variablesFromDashboard(
      board([
        variable({ name: "none", current: {} }),
        variable({ name: "nullCurrent", current: null, allValue: ".+" }),
        variable({ name: "emptyValue", current: { text: "", value: "" } }),
      ]),
    );
    expect(context.values).toEqual({ none: [".*"], nullCurrent: [".+"], emptyValue: [".*"] });
  });

  it("takes the first option of inline-option variables with no saved value", () => {
    const context = variablesFromDashboard(
      board([
        { name: "resolution", type: "custom", query: "1s, 15s, 30s", current: {} },
        { name: "picked", type: "custom", query: "a,b,c", options: [{ value: "b" }, { value: "c", selected: true }], current: {} },
        { name: "version", type: "constant", query: "v1.2" },
        { name: "filter", type: "textbox", query: "default-text" },
        { name: "interval", type: "interval", query: "1m,5m", auto: true, current: {} },
        { name: "ds", type: "datasource", query: "prometheus", current: {} },
        { name: "filters", type: "adhoc" },
      ]),
    );
    expect(context.values).toEqual({
      resolution: ["1s"],
      picked: ["c"],
      version: ["v1.2"],
      filter: ["default-text"],
      interval: ["$__auto"],
      ds: ["default"],
    });
    expect(substituteVariables("rate(x[$interval])", context)).toBe("rate(x[30s])");
  });

  it("reads constants from an export's __inputs and unwraps the API envelope", () => {
    const dashboard = board([variable({ name: "job", current: { value: "api" } })], {
      __inputs: [
        { name: "VAR_ENV", type: "constant", value: "prod" },
        { name: "DS_X", type: "datasource" },
      ],
    });
    const context = variablesFromDashboard({ dashboard, meta: { slug: "x" } });
    expect(context.values).toEqual({ VAR_ENV: ["prod"], job: ["api"] });
    expect(substituteVariables('up{env="${VAR_ENV}", job="$job"}', context)).toBe('up{env="prod", job="api"}');
  });

  it("returns an empty context for dashboards without templating", () => {
    expect(variablesFromDashboard({ panels: [] }).values).toEqual({});
    expect(variablesFromDashboard("not a dashboard").values).toEqual({});
  });
});
