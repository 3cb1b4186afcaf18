import type { MetricsEndpointView, Observation } from "@/lib/contracts/board";
import type { CauseRef } from "@/lib/contracts/diagnosis";
import { judgeEndpoint, judgePrometheus } from "@/lib/health/endpoint";
import { readErrorSignature } from "@/lib/health/error-signatures";
import { indexEndpointsByUrl } from "./ownership";
import { type ActionFact, type EvidenceFact, type Finding, type HypothesisFact, msg } from "./types";

// Causes in Prometheus, its scrape targets and the metrics endpoints. `explainedBy` links each to the failure below
// it (the container that runs it, the endpoint a target reads); diagnose-board resolves chains to root causes.

type Explain = (container: string | null) => CauseRef | null;

const finding = (fields: Omit<Finding, "root" | "explainedBy">, explainedBy: CauseRef | null): Finding => ({
  ...fields,
  root: explainedBy === null,
  explainedBy,
});

export function diagnosePrometheus(observation: Observation, explainContainer: Explain): Finding[] {
  const prometheus = observation.prometheus;
  if (!prometheus) return [];
  const byContainer = explainContainer(prometheus.container);
  const params = { url: prometheus.url, container: prometheus.container, error: prometheus.error };
  const evidence = [
    { label: msg("label.url"), value: prometheus.url },
    ...(prometheus.error ? [{ label: msg("label.error"), value: prometheus.error }] : []),
  ];
  const verdict = judgePrometheus(prometheus);
  const causes: Finding[] = [];
  if (verdict === "prometheus-unreachable") {
    const hypotheses: HypothesisFact[] = byContainer
      ? [
          {
            message: msg("hypothesis.container-down", { kind: byContainer.kind }),
            likelihood: "likely",
            evidence: [msg("fact.cause", byContainer)],
          },
        ]
      : [
          {
            message: msg("hypothesis.prometheus-not-running"),
            likelihood: "likely",
            evidence: [prometheus.error ? msg("fact.text", { text: prometheus.error }) : msg("fact.no-answer")],
          },
          {
            message: msg("hypothesis.prometheus-url-wrong"),
            likelihood: "possible",
            evidence: [msg("fact.text", { text: prometheus.url })],
          },
        ];
    const actions: ActionFact[] = byContainer
      ? []
      : [{ kind: "advice", message: msg("action.check-prometheus", { url: prometheus.url }), container: null, policy: null }];
    return [finding({ kind: verdict, subject: prometheus.url, params, since: null, evidence, hypotheses, actions }, byContainer)];
  }
  if (verdict === "prometheus-not-ready") {
    const answered = prometheus.error ? msg("fact.text", { text: prometheus.error }) : msg("fact.ready-503");
    causes.push(
      finding(
        {
          kind: verdict,
          subject: prometheus.url,
          params,
          since: null,
          evidence,
          hypotheses: [
            { message: msg("hypothesis.wal-replay"), likelihood: "likely", evidence: [answered] },
            { message: msg("hypothesis.shutting-down"), likelihood: "possible", evidence: [answered] },
          ],
          actions: [{ kind: "advice", message: msg("action.wait-ready"), container: null, policy: null }],
        },
        byContainer,
      ),
    );
  }
  if (prometheus.reloadConfigSuccess === false) {
    causes.push(
      finding(
        {
          kind: "prometheus-config-error",
          subject: prometheus.url,
          params: { url: prometheus.url, lastConfigTime: prometheus.lastConfigTime, since: prometheus.lastConfigTime },
          since: prometheus.lastConfigTime,
          evidence: [
            { label: msg("label.reload-config-success"), value: "false" },
            ...(prometheus.lastConfigTime ? [{ label: msg("label.last-good-config"), value: prometheus.lastConfigTime }] : []),
          ],
          hypotheses: [{ message: msg("hypothesis.config-invalid"), likelihood: "likely", evidence: [msg("fact.reload-failed")] }],
          actions: [{ kind: "advice", message: msg("action.fix-config"), container: null, policy: null }],
        },
        null,
      ),
    );
  }
  return causes;
}

/** The signature's hypothesis first, then the fix it points to; an unknown error keeps to what its status says. */
function endpointHypotheses(endpoint: MetricsEndpointView): { hypotheses: HypothesisFact[]; fix: ActionFact | null } {
  const error = endpoint.error ?? "";
  const status = msg("fact.http-status", { httpStatus: endpoint.httpStatus });
  const signature = endpoint.httpStatus !== null && endpoint.httpStatus >= 500 ? readErrorSignature(error, endpoint.contentType) : null;
  if (signature) {
    const evidence = [status, msg("fact.text", { text: signature.match })];
    const fixKey =
      signature.kind === "python-name-error"
        ? "action.add-import"
        : signature.kind === "python-module-not-found" || signature.kind === "node-module-not-found"
          ? "action.install-module"
          : "action.fix-symbol";
    return {
      hypotheses: [
        { message: msg(`hypothesis.${signature.kind}`, { symbol: signature.symbol }), likelihood: "likely", evidence },
        { message: msg("hypothesis.untested-change"), likelihood: "possible", evidence: [msg("fact.text", { text: signature.match })] },
      ],
      fix: { kind: "advice", message: msg(fixKey, { symbol: signature.symbol }), container: null, policy: null },
    };
  }
  const text = msg("fact.text", { text: error });
  const one = (key: Parameters<typeof msg>[0], evidence = [text]) => ({
    hypotheses: [{ message: msg(key), likelihood: "likely" as const, evidence }],
    fix: null,
  });
  if (endpoint.httpStatus === 404) return one("hypothesis.wrong-path", [status]);
  if (endpoint.httpStatus === 401 || endpoint.httpStatus === 403) return one("hypothesis.credentials", [status]);
  if (endpoint.httpStatus !== null && endpoint.httpStatus >= 500) return one("hypothesis.handler-throws");
  if (endpoint.httpStatus === 200) return one("hypothesis.something-else-answers");
  return one("hypothesis.not-listening");
}

export function diagnoseEndpoints(observation: Observation, explainContainer: Explain): Finding[] {
  return observation.metricsEndpoints.flatMap((endpoint): Finding[] => {
    const kind = judgeEndpoint(endpoint);
    if (kind === null) return [];
    const { hypotheses, fix } = endpointHypotheses(endpoint);
    const signature = fix ? readErrorSignature(endpoint.error ?? "", endpoint.contentType) : null;
    const evidence = [
      { label: msg("label.url"), value: endpoint.url },
      ...(endpoint.httpStatus !== null ? [{ label: msg("label.http-status"), value: String(endpoint.httpStatus) }] : []),
      { label: msg("label.error"), value: signature ? signature.match : endpoint.error! },
    ];
    const container = endpoint.container;
    const actions: ActionFact[] = fix
      ? [fix]
      : container
        ? [{ kind: "restart", message: msg("action.restart", { container }), container, policy: null }]
        : [{ kind: "advice", message: msg("action.check-service", { url: endpoint.url }), container: null, policy: null }];
    const params = {
      endpoint: endpoint.name,
      url: endpoint.url,
      container,
      httpStatus: endpoint.httpStatus,
      error: endpoint.error,
      errorClass: signature?.kind ?? null,
      symbol: signature?.symbol ?? null,
    };
    return [finding({ kind, subject: endpoint.name, params, since: null, evidence, hypotheses, actions }, explainContainer(container))];
  });
}

const LABEL_JOB = msg("label.job");
const LABEL_LAST_ERROR = msg("label.last-error");
const LABEL_LAST_SCRAPE = msg("label.last-scrape");
const NONE = msg("fact.none");
const TARGET_SERVICE_DOWN = msg("hypothesis.target-service-down");

/** One cause per down target; a busy host has thousands (issue 11: 1,999), so the loop allocates only what differs. */
export function diagnoseTargets(observation: Observation, endpointCauses: Finding[]): Finding[] {
  const endpointOf = indexEndpointsByUrl(observation.metricsEndpoints);
  const causeOf = new Map(endpointCauses.map((cause) => [cause.subject, cause]));
  const causes: Finding[] = [];
  for (const target of observation.prometheus?.targets ?? []) {
    if (target.health !== "down" || target.ignored !== undefined) continue;
    const endpoint = endpointOf(target.scrapeUrl);
    const endpointCause = endpoint && causeOf.get(endpoint.name);
    // An unchanged target (the collector keeps its object) with the same explanation has the same cause as before.
    const explainer = endpointCause ? `${endpointCause.kind}\u0000${endpointCause.subject}` : "";
    const known = lastCauses.get(target);
    if (known && known.explainer === explainer && known.endpoint === (endpoint?.name ?? null)) {
      causes.push(known.cause);
      continue;
    }
    const evidence: EvidenceFact[] = [
      { label: LABEL_JOB, value: target.job },
      { label: LABEL_LAST_ERROR, value: target.lastError ?? NONE },
    ];
    if (target.lastScrape) evidence.push({ label: LABEL_LAST_SCRAPE, value: target.lastScrape });
    const cause: Finding = {
      kind: "target-down",
      subject: target.scrapeUrl,
      params: {
        job: target.job,
        instance: target.instance,
        scrapeUrl: target.scrapeUrl,
        lastError: target.lastError,
        lastScrape: target.lastScrape,
        endpoint: endpoint?.name ?? null,
      },
      since: null,
      root: !endpointCause,
      explainedBy: endpointCause ? { kind: endpointCause.kind, subject: endpointCause.subject } : null,
      evidence,
      hypotheses: [{ message: TARGET_SERVICE_DOWN, likelihood: "likely", evidence: [msg("fact.text", { text: target.lastError ?? "" })] }],
      actions: [{ kind: "advice", message: msg("action.check-target", { scrapeUrl: target.scrapeUrl }), container: null, policy: null }],
    };
    lastCauses.set(target, { explainer, endpoint: endpoint?.name ?? null, cause });
    causes.push(cause);
  }
  return causes;
}

/** The cause made for each target object, with what explained it: weak, so it lasts as long as the collector's target. */
const lastCauses = new WeakMap<object, { explainer: string; endpoint: string | null; cause: Finding }>();
