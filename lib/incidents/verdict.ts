import type { Diagnosis } from "@/lib/diagnosis/types";
import type { CollectionVerdict } from "./track";
import type { PartState } from "./types";

// What the watcher keeps of one diagnosis: the stack's verdict with its root causes, and each part's up/down state.

/** The engine every container comes from today; a container's key names it so keys stay stable when more come. */
export const LOCAL_ENGINE = "local";

/** A cause's stable key: `local/<container>` for a container, else its subject (endpoint, target, metric, uid). */
export function causeKey(kind: string, subject: string): string {
  return kind.startsWith("container-") ? `${LOCAL_ENGINE}/${subject}` : subject;
}

export function verdictOf(diagnosis: Diagnosis, at: string): CollectionVerdict {
  const causes = diagnosis.summary.causes
    .filter((cause) => cause.root)
    .map((cause) => ({ kind: cause.kind, key: causeKey(cause.kind, cause.subject), params: cause.params, since: cause.since }));
  return { at, status: diagnosis.status, causes };
}

/** `stack`, `container:local/<name>` and `dashboard:<uid>` with their state now. */
export function partStates(diagnosis: Diagnosis): Record<string, PartState> {
  const parts: Record<string, PartState> = { stack: diagnosis.status === "ok" ? "ok" : "down" };
  for (const container of diagnosis.containers) {
    const healthy = !container.health || container.health.status === "none" || container.health.status === "healthy";
    const state: PartState =
      !diagnosis.docker.reachable || container.state === "unknown" ? "unknown" : container.state === "running" && healthy ? "ok" : "down";
    parts[`container:${LOCAL_ENGINE}/${container.name}`] = state;
  }
  for (const dashboard of diagnosis.dashboards) {
    parts[`dashboard:${dashboard.uid}`] = dashboard.status === "ok" ? "ok" : dashboard.status === "unknown" ? "unknown" : "down";
  }
  return parts;
}
