import type { Board } from "@/lib/contracts/board";
import type { Action, CauseKind, CauseMembers, CauseRef, Hypothesis } from "@/lib/contracts/diagnosis";
import type { MessageKey } from "@/lib/messages/en";
import type { Message, Params } from "@/lib/messages/types";

// What the diagnosis produces: facts and message keys, no sentences. lib/messages/render-board.ts writes the words.

export interface KeyedMessage extends Message {
  key: MessageKey;
}

export const msg = (key: MessageKey, params: Params = {}): KeyedMessage => ({ key, params });

export interface EvidenceFact {
  label: KeyedMessage;
  /** Observed data as it was seen, or a word for its absence. */
  value: string | KeyedMessage;
}

export interface HypothesisFact {
  message: KeyedMessage;
  likelihood: Hypothesis["likelihood"];
  evidence: KeyedMessage[];
}

export interface ActionFact {
  kind: Action["kind"];
  message: KeyedMessage;
  container: string | null;
  policy: Action["policy"];
  /** Only on a service action (restart-service). */
  service?: string;
}

/** A cause as facts: its title and detail are rendered from (kind, params). */
export interface Finding {
  kind: CauseKind;
  subject: string;
  params: Params;
  since: string | null;
  root: boolean;
  explainedBy: CauseRef | null;
  evidence: EvidenceFact[];
  hypotheses: HypothesisFact[];
  actions: ActionFact[];
  /** Only on a group (lib/diagnosis/group-causes.ts). */
  members?: CauseMembers;
}

/** A headline reason or impact line: a message, or "what this cause's phrase/title says". */
export type SummaryPart = KeyedMessage | { cause: CauseRef };

export interface Diagnosis extends Omit<Board, "summary"> {
  /** The time relative words ("22 minutes ago") are written against. */
  diagnosedAt: string;
  summary: {
    /** At most three reasons named; `more` counts the problems not named. */
    headline: { prefix: KeyedMessage; reasons: SummaryPart[]; more?: number };
    impact: SummaryPart[];
    causes: Finding[];
  };
}
