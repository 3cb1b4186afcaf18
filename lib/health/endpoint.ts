import type { MetricsEndpointView, PrometheusStatus } from "@/lib/contracts/board";
import type { CauseKind } from "@/lib/contracts/diagnosis";
import { metricNamesOf, parseExposition } from "@/lib/exposition/parse-exposition";

// The one reading of a metrics endpoint's answer and the one judge of it and of Prometheus itself, used by the
// collection (which reads), the board's diagnosis and verify (which judge). Pure.

/** The start of a body as one line of text, tags stripped: enough to say what answered. */
/** What the config says of an endpoint: enough to build its view before (or without) an answer. */
export interface ConfiguredEndpoint {
  name: string;
  url: string;
  container?: string | null;
  expect: string[];
}

/** An endpoint nothing has been read from yet: no answer, its expected families all missing. */
export function unprobedEndpointView(endpoint: ConfiguredEndpoint): MetricsEndpointView {
  return {
    name: endpoint.name,
    url: endpoint.url,
    container: endpoint.container ?? null,
    httpStatus: null,
    contentType: null,
    bytes: null,
    latencyMs: null,
    families: [],
    samples: 0,
    expected: endpoint.expect,
    missing: endpoint.expect,
    parseProblems: [],
    error: null,
  };
}

export function bodyStart(body: string, max = 200): string {
  const text = body
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface ExpositionReading {
  families: string[];
  samples: number;
  missing: string[];
  parseProblems: string[];
  /** Why the answer is not usable metrics, or null. */
  error: string | null;
}

/** What an HTTP answer of a metrics endpoint holds, given the families cascade.yaml expects of it. */
export function readMetricsAnswer(
  answer: { status: number; contentType: string | null; body: string },
  expect: string[],
): ExpositionReading {
  if (answer.status !== 200) {
    const start = bodyStart(answer.body);
    return { families: [], samples: 0, missing: expect, parseProblems: [], error: `HTTP ${answer.status}${start ? `: ${start}` : ""}` };
  }
  const parsed = parseExposition(answer.body, { contentType: answer.contentType });
  const names = metricNamesOf(parsed);
  const families = parsed.families.map((family) => family.name).sort();
  const looksLikeHtml = /^\s*</.test(answer.body);
  return {
    families,
    samples: parsed.families.reduce((sum, family) => sum + family.samples.length, 0),
    missing: expect.filter((name) => !names.has(name)),
    parseProblems: parsed.problems.slice(0, 5).map((problem) => `line ${problem.line}: ${problem.message}`),
    error: looksLikeHtml
      ? `answered HTML, not the Prometheus text format (${answer.contentType ?? "no content type"})`
      : families.length === 0
        ? "answered 200 with no metric families"
        : null,
  };
}

/** What is wrong with a metrics endpoint, or null when it answers with metrics (missing families are judged apart). */
export function judgeEndpoint(endpoint: MetricsEndpointView): Extract<CauseKind, `metrics-endpoint-${string}`> | null {
  if (endpoint.error === null) return null;
  const unreachable = endpoint.httpStatus === null || (endpoint.httpStatus === 200 && endpoint.bytes === null);
  return unreachable ? "metrics-endpoint-unreachable" : "metrics-endpoint-http-error";
}

/** The expected families an endpoint that answers does not export. */
export function missingExpected(endpoint: MetricsEndpointView): string[] {
  return endpoint.error === null ? endpoint.missing : [];
}

/** Whether Prometheus can be queried at all: unreachable, not ready, or null when it answers ready. */
export function judgePrometheus(prometheus: PrometheusStatus): "prometheus-unreachable" | "prometheus-not-ready" | null {
  if (!prometheus.reachable) return "prometheus-unreachable";
  return prometheus.ready ? null : "prometheus-not-ready";
}
