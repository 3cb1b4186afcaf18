import type { Observation } from "@/lib/contracts/board";
import type { CauseRef } from "@/lib/contracts/diagnosis";
import { containerRef } from "@/lib/engines/container-key";
import { attributeRules, attributeScrapes } from "./attribution";
import { diagnoseContainers } from "./container-causes";
import { diagnoseMissingFamilies, diagnosePanelErrors, explainDashboards } from "./dashboard-causes";
import { rollUpDashboard } from "./dashboard-status";
import { causeKey, groupCauses } from "./group-causes";
import { applyIgnores, type IgnoreRule } from "./ignore";
import { diagnoseRules, firingAlertEvidence, ruleOutputs } from "./rule-causes";
import { diagnoseServices, indexServiceCausesByAddress } from "./service-causes";
import { diagnoseEndpoints, diagnosePrometheus, diagnoseTargets } from "./stack-causes";
import { headline, impact, stackStatus } from "./summary";
import type { Diagnosis, Finding } from "./types";

const ref = (cause: Finding): CauseRef => ({ kind: cause.kind, subject: cause.subject });
const explainedByService = (cause: Finding, service: CauseRef | null): Finding =>
  cause.explainedBy || !service ? cause : { ...cause, root: false, explainedBy: service };

/**
 * Observation -> Diagnosis: rolls the dashboards up, follows the dependency graph (panel -> datasource -> Prometheus
 * -> its container; target -> metrics endpoint -> its container; panel query -> metric family -> the endpoint that
 * should export it) to the root causes, folds causes that share a group into one, and states the summary as facts.
 * No sentences: lib/messages/render-board.ts writes them in a locale. Pure: no I/O, and time is an input. Linear:
 * causes are indexed by key once, never searched inside a loop.
 */
export function diagnoseBoard(observed: Observation, now: Date, options: { ignore?: readonly IgnoreRule[] } = {}): Diagnosis {
  const observation = applyIgnores(observed, options.ignore ?? []);
  const containerCauses = diagnoseContainers(observation, now);
  const containerIndex = new Map(containerCauses.map((cause) => [cause.subject, cause]));
  // Swarm services explain what they serve as containers do: by name (`container: <service>`) or by address.
  const serviceCauses = diagnoseServices(observation, now);
  const serviceIndex = new Map(serviceCauses.filter((cause) => cause.kind.startsWith("service-")).map((cause) => [cause.subject, cause]));
  const serviceAt = indexServiceCausesByAddress(observation, serviceCauses);
  // A container on an engine that does not answer is explained by that engine.
  const engineOf = new Map(observation.containers.map((container) => [containerRef(container), container.engine]));
  const engineIndex = new Map(
    containerCauses.filter((cause) => cause.kind === "engine-unreachable").map((cause) => [cause.subject, cause]),
  );
  const explainContainer = (name: string | null): CauseRef | null => {
    if (name === null) return null;
    const engine = engineOf.get(name);
    const cause = containerIndex.get(name) ?? serviceIndex.get(name) ?? (engine === undefined ? undefined : engineIndex.get(engine));
    return cause ? ref(cause) : null;
  };
  const prometheusCauses = diagnosePrometheus(observation, explainContainer);
  const endpointCauses = diagnoseEndpoints(observation, explainContainer).map((cause) =>
    explainedByService(cause, serviceAt(String(cause.params.url))),
  );
  const targetCauses = diagnoseTargets(observation, endpointCauses).map((cause) =>
    cause.explainedBy ? cause : explainedByService(cause, serviceAt(String(cause.params.scrapeUrl))),
  );
  const ruleCauses = diagnoseRules(observation);
  const outputs = ruleOutputs(ruleCauses);
  const familyCauses = diagnoseMissingFamilies(observation, endpointCauses, outputs);
  const all = [
    ...containerCauses,
    ...serviceCauses,
    ...prometheusCauses,
    ...endpointCauses,
    ...targetCauses,
    ...ruleCauses,
    ...familyCauses,
    ...diagnosePanelErrors(observation),
  ];
  const byKey = new Map(all.map((cause) => [causeKey(cause), cause]));

  const rootOf = (cause: Finding): Finding => {
    let current = cause;
    for (let hops = 0; current.explainedBy && hops < all.length; hops++) {
      const next = byKey.get(causeKey(current.explainedBy));
      if (!next) break;
      current = next;
    }
    return current;
  };
  // Every non-root names the root it comes down to, not just the next failure below it.
  const linked = all.map((cause): Finding => (cause.root ? cause : { ...cause, explainedBy: ref(rootOf(cause)) }));
  const ordered = [...linked.filter((cause) => cause.root), ...linked.filter((cause) => !cause.root)];
  const grouped = groupCauses(ordered, observation);
  // Roots are the same objects in `all` and `ordered`, so the group of a root is a look-up by identity.
  const shown = (cause: Finding): Finding => grouped.groupOf.get(cause) ?? cause;
  // What is shown for a cause's root: the root itself, or the group it was folded into.
  const shownRootOf = (cause: Finding): Finding => shown(rootOf(cause));
  const alerts = firingAlertEvidence(observation, all, shownRootOf);
  const causes = grouped.causes.map((cause): Finding => {
    const alerted = alerts.get(cause);
    if (alerted) return { ...cause, evidence: [...cause.evidence, ...alerted] };
    if (!cause.explainedBy) return cause;
    const root = byKey.get(causeKey(cause.explainedBy));
    return root ? { ...cause, explainedBy: ref(shown(root)) } : cause;
  });
  const position = new Map(causes.map((cause, index) => [causeKey(cause), index]));
  const scrapeFailures = all.filter((cause) => cause.kind === "target-down" || cause.kind.startsWith("metrics-endpoint-"));
  const dashboards = explainDashboards(observation.dashboards.map(rollUpDashboard), {
    byKey,
    rootOf: shownRootOf,
    position,
    scrapes: attributeScrapes(observation, scrapeFailures, shownRootOf),
    rules: attributeRules(outputs, shownRootOf),
    prometheus: prometheusCauses.find((cause) => cause.kind === "prometheus-unreachable" || cause.kind === "prometheus-not-ready"),
  });
  // Ignored dashboards keep their own status on the board, but neither the stack's status nor the headline counts them.
  const counted = dashboards.filter((dashboard) => dashboard.ignored === undefined);
  const status = stackStatus(observation, counted, causes);
  const roots = causes.filter((cause) => cause.root);
  return {
    ...observation,
    dashboards,
    status,
    diagnosedAt: now.toISOString(),
    summary: { headline: headline(status, counted, roots), impact: impact(status, observation, counted, causes), causes },
  };
}
