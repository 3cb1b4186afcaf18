// The key facts of a recorded observation, in words: printed after each recording (what a reader of the fixture
// should find in it) and in the error when a scenario's state is not reached.
import type { Observation } from "@/lib/contracts/board";
import { rollUpDashboards } from "@/lib/diagnosis/dashboard-status";

export function containerFacts(o: Observation): string[] {
  return o.containers.map((c) => {
    const health = c.health ? `, health ${c.health.status} (streak ${c.health.failingStreak}, "${c.health.lastOutput?.trim()}")` : "";
    const policy = c.restartPolicy ? `, restart ${c.restartPolicy.name}` : "";
    return `container ${c.name}: ${c.state}, exit ${c.exitCode}, oomKilled ${c.oomKilled}, restarts ${c.restartCount}${policy}${health}${c.reason ? `, reason "${c.reason}"` : ""}`;
  });
}

export function logFact(o: Observation, pattern: RegExp, name?: string): string[] {
  const line = o.containers
    .filter((c) => !name || c.name === name)
    .flatMap((c) => c.logTail)
    .findLast((l) => pattern.test(l));
  return [`log: ${line ?? `(no line matching ${pattern})`}`];
}

export function prometheusFacts(o: Observation): string[] {
  const p = o.prometheus;
  if (!p) return [];
  const targets = p.targets.map((t) => `${t.job} ${t.health}${t.lastError ? ` ("${t.lastError}")` : ""}`).join("; ");
  return [
    `prometheus: reachable ${p.reachable}, ready ${p.ready}, reloadConfigSuccess ${p.reloadConfigSuccess}, error ${JSON.stringify(p.error)}`,
    `targets: ${targets || "none"}`,
  ];
}

export function endpointFacts(o: Observation): string[] {
  return o.metricsEndpoints.map(
    (m) => `endpoint ${m.name}: http ${m.httpStatus}, missing [${m.missing.join(", ")}], error ${JSON.stringify(m.error)}`,
  );
}

export function panelFacts(o: Observation): string[] {
  return rollUpDashboards(o).dashboards.flatMap((d) => [
    `dashboard ${d.uid}: ${d.status}`,
    ...d.panels.map((p) => `  panel "${p.title}": ${p.status}${p.queries[0]?.error ? ` (${p.queries[0].error})` : ""}`),
  ]);
}

export function timelineFacts(o: Observation): string[] {
  return [`timeline: ${o.timeline.map((e) => `${e.kind}${e.exitCode === null ? "" : `(${e.exitCode})`}`).join(", ") || "empty"}`];
}

/** One line: containers and Prometheus, for error messages. */
export function describeObservation(o: Observation): string {
  return [...containerFacts(o), ...prometheusFacts(o), ...timelineFacts(o)].join("; ");
}
