import type { Board, Observation } from "@/lib/contracts/board";
import type { Cause, CauseRef } from "@/lib/contracts/diagnosis";
import { diagnoseContainers } from "./container-causes";
import { diagnoseMissingFamilies, diagnosePanelErrors, explainDashboards } from "./dashboard-causes";
import { diagnoseEndpoints, diagnosePrometheus, diagnoseTargets } from "./stack-causes";
import { headline, impact, stackStatus } from "./summary";

/**
 * Observation -> Board: follows the dependency graph (panel -> datasource -> Prometheus -> its container; target ->
 * metrics endpoint -> its container; panel query -> metric family -> the endpoint that should export it) to the
 * root causes, and writes the executive summary. Pure: no I/O, and time is an input.
 */
export function diagnoseBoard(observation: Observation, now: Date): Board {
  const containerCauses = diagnoseContainers(observation, now);
  const explainContainer = (name: string | null): CauseRef | null => {
    const cause = name === null ? undefined : containerCauses.find((candidate) => candidate.subject === name);
    return cause ? { kind: cause.kind, subject: cause.subject } : null;
  };
  const prometheusCauses = diagnosePrometheus(observation, explainContainer, now);
  const endpointCauses = diagnoseEndpoints(observation, explainContainer, now);
  const targetCauses = diagnoseTargets(observation, endpointCauses, now);
  const familyCauses = diagnoseMissingFamilies(observation, endpointCauses);
  const all = [
    ...containerCauses,
    ...prometheusCauses,
    ...endpointCauses,
    ...targetCauses,
    ...familyCauses,
    ...diagnosePanelErrors(observation),
  ];

  const rootOf = (cause: Cause): Cause => {
    let current = cause;
    for (let hops = 0; current.explainedBy && hops < all.length; hops++) {
      const { kind, subject } = current.explainedBy;
      const next = all.find((candidate) => candidate.kind === kind && candidate.subject === subject);
      if (!next) break;
      current = next;
    }
    return current;
  };
  // Every non-root names the root it comes down to, not just the next failure below it.
  const linked = all.map((cause): Cause => {
    if (cause.root) return cause;
    const root = rootOf(cause);
    return { ...cause, explainedBy: { kind: root.kind, subject: root.subject } };
  });
  const causes = [...linked.filter((cause) => cause.root), ...linked.filter((cause) => !cause.root)];
  const rootOfLinked = (cause: Cause) => {
    const root = rootOf(cause);
    return causes.find((candidate) => candidate.kind === root.kind && candidate.subject === root.subject) ?? cause;
  };
  const dashboards = explainDashboards(observation, causes, rootOfLinked);
  const explained = { ...observation, dashboards };
  const status = stackStatus(explained, causes);
  const roots = causes.filter((cause) => cause.root);
  return {
    ...explained,
    status,
    summary: { headline: headline(status, explained, roots, now), impact: impact(status, explained, causes), causes },
  };
}
