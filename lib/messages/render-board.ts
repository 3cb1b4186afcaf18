import type { Board } from "@/lib/contracts/board";
import type { Cause, CauseRef } from "@/lib/contracts/diagnosis";
import type { Diagnosis, EvidenceFact, Finding, SummaryPart } from "@/lib/diagnosis/types";
import { de } from "./de";
import { en } from "./en";
import type { Catalogue, Locale, Message, Words } from "./types";
import { makeWords } from "./words";

// The words at the edge: a diagnosis (facts and keys) -> the Board JSON of GET /api/board, written in one locale.
// Used by the routes, the CLI and snapshots. Pure and deterministic: relative times are written against the moment
// of the diagnosis.

export const CATALOGUES: Record<Locale, Catalogue> = { en, de };

export interface Renderer {
  catalogue: Catalogue;
  words: Words;
  /** One message in words; an unknown key (a newer board read by an older Cascade) is shown as the key itself. */
  text(message: Message): string;
}

export function makeRenderer(locale: Locale, now: Date): Renderer {
  const catalogue = CATALOGUES[locale];
  const words = makeWords(catalogue, now);
  return { catalogue, words, text: (message) => catalogue.messages[message.key]?.(message.params, words) ?? message.key };
}

function renderCause(cause: Finding, renderer: Renderer): Cause {
  const { catalogue, words, text } = renderer;
  const templates = catalogue.causes[cause.kind];
  const value = (fact: EvidenceFact) => (typeof fact.value === "string" ? fact.value : text(fact.value));
  return {
    kind: cause.kind,
    subject: cause.subject,
    params: cause.params,
    title: templates.title(cause.params, words),
    detail: templates.detail(cause.params, words),
    since: cause.since,
    sinceText: words.when(cause.since),
    root: cause.root,
    explainedBy: cause.explainedBy,
    evidence: cause.evidence.map((fact) => ({ label: text(fact.label), value: value(fact) })),
    hypotheses: cause.hypotheses.map((hypothesis) => ({
      text: text(hypothesis.message),
      likelihood: hypothesis.likelihood,
      evidence: hypothesis.evidence.map(text),
    })),
    actions: cause.actions.map((action) => ({
      kind: action.kind,
      label: text(action.message),
      container: action.container,
      policy: action.policy,
    })),
  };
}

/** The Board JSON of a diagnosis, every sentence written from the `locale` catalogue. */
export function renderBoard(diagnosis: Diagnosis, locale: Locale = "en"): Board {
  const renderer = makeRenderer(locale, new Date(diagnosis.diagnosedAt));
  const { catalogue, words, text } = renderer;
  const find = (ref: CauseRef) => diagnosis.summary.causes.find((cause) => cause.kind === ref.kind && cause.subject === ref.subject);
  const part = (summaryPart: SummaryPart, as: "phrase" | "title") => {
    if (!("cause" in summaryPart)) return text(summaryPart);
    const cause = find(summaryPart.cause);
    return cause ? catalogue.causes[cause.kind][as](cause.params, words) : summaryPart.cause.subject;
  };
  const { headline, impact, causes } = diagnosis.summary;
  const reasons = words.join(headline.reasons.map((reason) => part(reason, "phrase")));
  const prefix = text(headline.prefix);
  const { diagnosedAt: _diagnosedAt, summary: _summary, ...observed } = diagnosis;
  return {
    ...observed,
    summary: {
      headline: diagnosis.status === "ok" ? prefix : reasons ? `${prefix}: ${reasons}.` : `${prefix}.`,
      impact: impact.map((line) => part(line, "title")),
      causes: causes.map((cause) => renderCause(cause, renderer)),
    },
  };
}
