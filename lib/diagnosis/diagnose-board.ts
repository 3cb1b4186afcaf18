import type { Observation } from "@/lib/contracts/board";
import type { CauseRef } from "@/lib/contracts/diagnosis";
import { diagnoseContainers } from "./container-causes";
import { diagnoseMissingFamilies, diagnosePanelErrors, explainDashboards } from "./dashboard-causes";
import { rollUpDashboard } from "./dashboard-status";
import { diagnoseEndpoints, diagnosePrometheus, diagnoseTargets } from "./stack-causes";
import { headline, impact, stackStatus } from "./summary";
import type { Diagnosis, Finding } from "./types";

/**
 * Observation -> Diagnosis: rolls the dashboards up, follows the dependency graph (panel -> datasource -> Prometheus
 * -> its container; target -> metrics endpoint -> its container; panel query -> metric family -> the endpoint that
 * should export it) to the root causes, and states the summary as facts. No sentences: lib/messages/render-board.ts
 * writes them in a locale. Pure: no I/O, and time is an input.
 */
export function diagnoseBoard(observation: Observation, now: Date): Diagnosis {
  const containerCauses = diagnoseContainers(observation, now);
  const explainContainer = (name: string | null): CauseRef | null => {
    const cause = name === null ? undefined : containerCauses.find((candidate) => candidate.subject === name);
    return cause ? { kind: cause.kind, subject: cause.subject } : null;
  };
  const prometheusCauses = diagnosePrometheus(observation, explainContainer);
  const endpointCauses = diagnoseEndpoints(observation, explainContainer);
  const targetCauses = diagnoseTargets(observation, endpointCauses);
  const familyCauses = diagnoseMissingFamilies(observation, endpointCauses);
  const all = [
    ...containerCauses,
    ...prometheusCauses,
    ...endpointCauses,
    ...targetCauses,
    ...familyCauses,
    ...diagnosePanelErrors(observation),
  ];

  const rootOf = (cause: Finding): Finding => {
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
  const linked = all.map((cause): Finding => {
    if (cause.root) return cause;
    const root = rootOf(cause);
    return { ...cause, explainedBy: { kind: root.kind, subject: root.subject } };
  });
  const causes = [...linked.filter((cause) => cause.root), ...linked.filter((cause) => !cause.root)];
  const rootOfLinked = (cause: Finding) => {
    const root = rootOf(cause);
    return causes.find((candidate) => candidate.kind === root.kind && candidate.subject === root.subject) ?? cause;
  };
  const dashboards = explainDashboards(observation.dashboards.map(rollUpDashboard), causes, rootOfLinked);
  const status = stackStatus(observation, dashboards, causes);
  const roots = causes.filter((cause) => cause.root);
  return {
    ...observation,
    dashboards,
    status,
    diagnosedAt: now.toISOString(),
    summary: { headline: headline(status, dashboards, roots), impact: impact(status, observation, dashboards, causes), causes },
  };
}
