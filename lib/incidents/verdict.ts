import type { Diagnosis } from "@/lib/diagnosis/types";
import { containerKey, keyOfRef } from "@/lib/engines/container-key";
import type { CollectionVerdict } from "./track";
import type { PartState } from "./types";

// What the watcher keeps of one diagnosis: the stack's verdict with its root causes, and each part's up/down state.

export { LOCAL_ENGINE } from "@/lib/engines/container-key";

/**
 * A cause's stable key: `engine/<container>` for a container (its subject is `name` on the `local` engine, else
 * already `engine/name`), `engine:<name>` for an engine, else its subject (endpoint, target, metric, uid).
 */
export function causeKey(kind: string, subject: string): string {
  if (kind === "engine-unreachable") return `engine:${subject}`;
  return kind.startsWith("container-") ? keyOfRef(subject) : subject;
}

export function verdictOf(diagnosis: Diagnosis, at: string): CollectionVerdict {
  const causes = diagnosis.summary.causes
    .filter((cause) => cause.root)
    .map((cause) => ({ kind: cause.kind, key: causeKey(cause.kind, cause.subject), params: cause.params, since: cause.since }));
  return { at, status: diagnosis.status, causes };
}

/** `stack`, `container:<engine>/<name>` and `dashboard:<uid>` with their state now. */
export function partStates(diagnosis: Diagnosis): Record<string, PartState> {
  const parts: Record<string, PartState> = { stack: diagnosis.status === "ok" ? "ok" : "down" };
  const down = new Set((diagnosis.engines ?? []).filter((engine) => !engine.reachable).map((engine) => engine.name));
  const engineDown = (engine: string | undefined) => (diagnosis.engines?.length ? down.has(engine ?? "") : !diagnosis.docker.reachable);
  for (const container of diagnosis.containers) {
    const healthy = !container.health || container.health.status === "none" || container.health.status === "healthy";
    const state: PartState =
      engineDown(container.engine) || container.state === "unknown" ? "unknown" : container.state === "running" && healthy ? "ok" : "down";
    parts[`container:${containerKey(container)}`] = state;
  }
  for (const dashboard of diagnosis.dashboards) {
    parts[`dashboard:${dashboard.uid}`] = dashboard.status === "ok" ? "ok" : dashboard.status === "unknown" ? "unknown" : "down";
  }
  return parts;
}
