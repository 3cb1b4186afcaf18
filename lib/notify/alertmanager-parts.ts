import type { IncidentRecord, RootCauseRecord } from "@/lib/incidents/types";

// Which parts of the stack an incident's root causes touch: its containers, dashboards and Prometheus jobs. Read by a
// channel's `only:` and by maintenance windows (lib/maintenance), from facts only: kinds, keys and params.

export interface TouchedParts {
  containers: string[];
  dashboards: string[];
  jobs: string[];
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** The container a root cause is about: a container cause's key is `<engine>/<name>`; others may name one in params. */
export function containerOf(cause: Pick<RootCauseRecord, "kind" | "key" | "params">): string | null {
  if (cause.kind.startsWith("container-")) return cause.key.replace(/^[^/]+\//, "");
  return text(cause.params.container);
}

export function partsOf(causes: Pick<RootCauseRecord, "kind" | "key" | "params">[]): TouchedParts {
  const parts = { containers: new Set<string>(), dashboards: new Set<string>(), jobs: new Set<string>() };
  for (const cause of causes) {
    const container = containerOf(cause);
    if (container) parts.containers.add(container);
    const dashboard = text(cause.params.dashboard);
    if (dashboard) parts.dashboards.add(dashboard);
    const job = text(cause.params.job);
    if (job) parts.jobs.add(job);
  }
  return { containers: [...parts.containers], dashboards: [...parts.dashboards], jobs: [...parts.jobs] };
}

/** An `only:` filter: true when any root cause (active or not) touches one of the listed parts; no filter hears all. */
export function touchesAny(incident: Pick<IncidentRecord, "rootCauses">, only: Partial<TouchedParts> | undefined): boolean {
  if (!only) return true;
  const wanted = [...(only.containers ?? []), ...(only.dashboards ?? []), ...(only.jobs ?? [])];
  if (wanted.length === 0) return true;
  const parts = partsOf(incident.rootCauses);
  return (
    parts.containers.some((name) => only.containers?.includes(name)) ||
    parts.dashboards.some((uid) => only.dashboards?.includes(uid)) ||
    parts.jobs.some((job) => only.jobs?.includes(job))
  );
}
