import "server-only";
import type { Observation } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import type { Diagnosis } from "@/lib/diagnosis/types";

/** The diagnosis, with how long it took in `collection.diagnosisMs` (the board and `cascade check` both use it). */
export function diagnoseTimed(observation: Observation, now: Date, options?: Parameters<typeof diagnoseBoard>[2]): Diagnosis {
  const started = performance.now();
  const diagnosis = diagnoseBoard(observation, now, options);
  const diagnosisMs = Math.round((performance.now() - started) * 10) / 10;
  return { ...diagnosis, collection: { ...diagnosis.collection, diagnosisMs } };
}
