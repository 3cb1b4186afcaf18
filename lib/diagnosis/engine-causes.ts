import type { Observation } from "@/lib/contracts/board";
import { engineErrorClass } from "@/lib/engines/engine-error";
import { type Finding, msg } from "./types";

// Causes of a Docker engine that does not answer, when the board watches several: one root cause per engine, which
// explains every container on it (their state is unknown) and whatever those containers serve.

/** What kind of failure Docker's error names ("refused", "permission", "tls", "ssh-password", ...; lib/engines). */
export const dockerErrorClass = engineErrorClass;

/** With several engines, each one that does not answer is one root cause for all of its containers. */
export function engineCauses(observation: Observation): Finding[] {
  return (observation.engines ?? [])
    .filter((engine) => !engine.reachable)
    .map((engine): Finding => {
      const count = observation.containers.filter((container) => container.engine === engine.name).length;
      const errorClass = dockerErrorClass(engine.error ?? "");
      return {
        kind: "engine-unreachable",
        subject: engine.name,
        params: { engine: engine.name, count, error: engine.error, errorClass },
        since: null,
        root: true,
        explainedBy: null,
        evidence: [{ label: msg("label.engine"), value: engine.error ?? msg("fact.no-answer") }],
        hypotheses: [
          { message: msg("hypothesis.engine-down"), likelihood: "likely", evidence: [msg("fact.text", { text: engine.error ?? "" })] },
        ],
        actions: [{ kind: "advice", message: msg("action.check-engine", { engine: engine.name }), container: null, policy: null }],
      };
    });
}
