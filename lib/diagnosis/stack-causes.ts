import type { MetricsEndpointView, Observation } from "@/lib/contracts/board";
import type { Cause, CauseRef, Hypothesis } from "@/lib/contracts/diagnosis";
import { endpointForTarget } from "./ownership";
import { endpointLabel, when } from "./words";

// Causes in Prometheus, its scrape targets and the metrics endpoints. `explainedBy` links each to the failure below
// it (the container that runs it, the endpoint a target reads); diagnose-board resolves chains to root causes.

type Explain = (container: string | null) => CauseRef | null;

const cause = (
  fields: Omit<Cause, "root" | "explainedBy" | "sinceText" | "since"> & { since?: string | null },
  explainedBy: CauseRef | null,
  now: Date,
): Cause => ({
  ...fields,
  since: fields.since ?? null,
  sinceText: when(fields.since ?? null, now),
  root: explainedBy === null,
  explainedBy,
});

export function diagnosePrometheus(observation: Observation, explainContainer: Explain, now: Date): Cause[] {
  const prometheus = observation.prometheus;
  if (!prometheus) return [];
  const byContainer = explainContainer(prometheus.container);
  const evidence = [{ label: "URL", value: prometheus.url }, ...(prometheus.error ? [{ label: "Error", value: prometheus.error }] : [])];
  if (!prometheus.reachable) {
    const hypotheses: Hypothesis[] = byContainer
      ? [
          {
            text: `Its container is down (${byContainer.kind})`,
            likelihood: "likely",
            evidence: [`${byContainer.subject}: ${byContainer.kind}`],
          },
        ]
      : [
          {
            text: "Prometheus is not running, or listens on another address or port",
            likelihood: "likely",
            evidence: [prometheus.error ?? "no answer"],
          },
          { text: "prometheus.url in cascade.yaml is wrong", likelihood: "possible", evidence: [prometheus.url] },
        ];
    return [
      cause(
        {
          kind: "prometheus-unreachable",
          subject: prometheus.url,
          title: "Prometheus cannot be reached, so no dashboard can query it.",
          detail: `Nothing answers at ${prometheus.url}: ${prometheus.error ?? "no answer"}.`,
          evidence,
          hypotheses,
          actions: byContainer
            ? []
            : [{ kind: "advice", label: `Check that Prometheus runs and listens at ${prometheus.url}`, container: null, policy: null }],
        },
        byContainer,
        now,
      ),
    ];
  }
  const causes: Cause[] = [];
  if (!prometheus.ready) {
    causes.push(
      cause(
        {
          kind: "prometheus-not-ready",
          subject: prometheus.url,
          title: "Prometheus answers but is not ready: it is starting up or shutting down.",
          detail: prometheus.error ?? "/-/ready did not answer 200.",
          evidence,
          hypotheses: [
            {
              text: "It is replaying its write-ahead log after a start",
              likelihood: "likely",
              evidence: [prometheus.error ?? "/-/ready answered 503"],
            },
            { text: "It is shutting down", likelihood: "possible", evidence: [prometheus.error ?? "/-/ready answered 503"] },
          ],
          actions: [
            { kind: "advice", label: "Wait a minute; if it stays not ready, read the Prometheus log", container: null, policy: null },
          ],
        },
        byContainer,
        now,
      ),
    );
  }
  if (prometheus.reloadConfigSuccess === false) {
    causes.push(
      cause(
        {
          kind: "prometheus-config-error",
          subject: prometheus.url,
          title: "Prometheus failed to load its latest configuration and runs on the previous one.",
          detail: "The last configuration reload failed; a restart would fail the same way.",
          since: prometheus.lastConfigTime,
          evidence: [
            { label: "reloadConfigSuccess", value: "false" },
            ...(prometheus.lastConfigTime ? [{ label: "Last good config", value: prometheus.lastConfigTime }] : []),
          ],
          hypotheses: [
            {
              text: "The configuration file was changed and is invalid",
              likelihood: "likely",
              evidence: ["runtimeinfo: reloadConfigSuccess false"],
            },
          ],
          actions: [
            {
              kind: "advice",
              label: "Fix the configuration (promtool check config), then reload Prometheus; do not restart it before",
              container: null,
              policy: null,
            },
          ],
        },
        null,
        now,
      ),
    );
  }
  return causes;
}

const NAME_ERROR = /NameError: name '([^']+)' is not defined/;

function endpointHypotheses(endpoint: MetricsEndpointView): Hypothesis[] {
  const error = endpoint.error ?? "";
  const nameError = NAME_ERROR.exec(error);
  if (nameError) {
    return [
      {
        text: `A missing import in the metrics handler: ${nameError[1]} is used but not imported`,
        likelihood: "likely",
        evidence: [`HTTP ${endpoint.httpStatus}`, nameError[0]],
      },
      { text: "A recent change to the metrics code was not tested", likelihood: "possible", evidence: [nameError[0]] },
    ];
  }
  if (endpoint.httpStatus === 404)
    return [{ text: "The metrics path is wrong, or the service does not expose metrics", likelihood: "likely", evidence: ["HTTP 404"] }];
  if (endpoint.httpStatus === 401 || endpoint.httpStatus === 403)
    return [{ text: "The endpoint requires credentials", likelihood: "likely", evidence: [`HTTP ${endpoint.httpStatus}`] }];
  if (endpoint.httpStatus !== null && endpoint.httpStatus >= 500)
    return [{ text: "The metrics handler throws an error", likelihood: "likely", evidence: [error] }];
  if (endpoint.httpStatus === 200)
    return [{ text: "Something else answers at this URL (a login page, a proxy)", likelihood: "likely", evidence: [error] }];
  return [{ text: "The service is not running or listens elsewhere", likelihood: "likely", evidence: [error] }];
}

export function diagnoseEndpoints(observation: Observation, explainContainer: Explain, now: Date): Cause[] {
  return observation.metricsEndpoints.flatMap((endpoint): Cause[] => {
    if (endpoint.error === null) return [];
    const unreachable = endpoint.httpStatus === null || (endpoint.httpStatus === 200 && endpoint.bytes === null);
    const nameError = NAME_ERROR.exec(endpoint.error);
    const evidence = [
      { label: "URL", value: endpoint.url },
      ...(endpoint.httpStatus !== null ? [{ label: "HTTP status", value: String(endpoint.httpStatus) }] : []),
      { label: "Error", value: nameError ? nameError[0] : endpoint.error },
    ];
    const container = endpoint.container;
    return [
      cause(
        {
          kind: unreachable ? "metrics-endpoint-unreachable" : "metrics-endpoint-http-error",
          subject: endpoint.name,
          title: unreachable
            ? `${endpointLabel(endpoint.name)[0]!.toUpperCase()}${endpointLabel(endpoint.name).slice(1)} does not answer.`
            : `${endpointLabel(endpoint.name)[0]!.toUpperCase()}${endpointLabel(endpoint.name).slice(1)} fails with HTTP ${endpoint.httpStatus}, so Prometheus scrapes nothing from it.`,
          detail: `${endpoint.url}: ${endpoint.error}`,
          evidence,
          hypotheses: endpointHypotheses(endpoint),
          actions: [
            ...(nameError
              ? [
                  {
                    kind: "advice" as const,
                    label: `Add the missing import of ${nameError[1]} to the metrics handler and redeploy`,
                    container: null,
                    policy: null,
                  },
                ]
              : []),
            ...(!nameError && container ? [{ kind: "restart" as const, label: `Restart ${container}`, container, policy: null }] : []),
            ...(!nameError && !container
              ? [{ kind: "advice" as const, label: `Check the service behind ${endpoint.url}`, container: null, policy: null }]
              : []),
          ],
        },
        explainContainer(container),
        now,
      ),
    ];
  });
}

export function diagnoseTargets(observation: Observation, endpointCauses: Cause[], now: Date): Cause[] {
  return (observation.prometheus?.targets ?? [])
    .filter((target) => target.health === "down")
    .map((target) => {
      const endpoint = endpointForTarget(target, observation.metricsEndpoints);
      const endpointCause = endpoint && endpointCauses.find((candidate) => candidate.subject === endpoint.name);
      return cause(
        {
          kind: "target-down",
          subject: target.scrapeUrl,
          title: `Prometheus cannot scrape ${target.job} (${target.instance}).`,
          detail: `${target.scrapeUrl}: ${target.lastError ?? "down"}`,
          since: null,
          evidence: [
            { label: "Job", value: target.job },
            { label: "Last error", value: target.lastError ?? "none" },
            ...(target.lastScrape ? [{ label: "Last scrape", value: target.lastScrape }] : []),
          ],
          hypotheses: [
            { text: "The target's service is down or its /metrics fails", likelihood: "likely", evidence: [target.lastError ?? ""] },
          ],
          actions: [{ kind: "advice", label: `Check ${target.scrapeUrl}`, container: null, policy: null }],
        },
        endpointCause ? { kind: endpointCause.kind, subject: endpointCause.subject } : null,
        now,
      );
    });
}
