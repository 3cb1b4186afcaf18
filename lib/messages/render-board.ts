import type { Board } from "@/lib/contracts/board";
import type { Cause, CauseRef } from "@/lib/contracts/diagnosis";
import type { Diagnosis, EvidenceFact, Finding, SummaryPart } from "@/lib/diagnosis/types";
import { de } from "./de";
import { en } from "./en";
import type { Catalogue, CauseTemplates, Locale, Message, Params, Words } from "./types";
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

/** A cause's templates: its kind's, or its group's when it stands for several members. */
export function templatesOf(catalogue: Catalogue, cause: Pick<Finding, "kind" | "members">): CauseTemplates {
  if (!cause.members) return catalogue.causes[cause.kind];
  if (cause.kind === "target-down" || cause.kind === "metric-family-missing") return catalogue.groups[cause.kind];
  return cause.kind.startsWith("container-") ? catalogue.groups.container : catalogue.causes[cause.kind];
}

/**
 * The templates of a stored cause (an incident's, a notification's), which keeps only kind and params: a group's
 * params carry its `group` key and member `count`, and take the group's words.
 */
export function storedCauseTemplates(catalogue: Catalogue, kind: Finding["kind"], params: Params): CauseTemplates {
  const grouped = typeof params.group === "string" && typeof params.count === "number";
  return templatesOf(catalogue, { kind, members: grouped ? { count: params.count as number, subjects: [] } : undefined });
}

/** The headline's longest allowed length, in characters. */
export const HEADLINE_MAX = 200;

function renderCause(cause: Finding, renderer: Renderer): Cause {
  const { catalogue, words, text } = renderer;
  const templates = templatesOf(catalogue, cause);
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
      ...(action.service === undefined ? {} : { service: action.service }),
    })),
    ...(cause.members ? { members: cause.members } : {}),
  };
}

/** How many problems a headline reason stands for: a cause (a group counts as one), or the count it names. */
const weightOf = (reason: SummaryPart) => ("cause" in reason ? 1 : typeof reason.params.count === "number" ? reason.params.count : 1);

/** The Board JSON of a diagnosis, every sentence written from the `locale` catalogue. */
export function renderBoard(diagnosis: Diagnosis, locale: Locale = "en"): Board {
  const renderer = makeRenderer(locale, new Date(diagnosis.diagnosedAt));
  const { catalogue, words, text } = renderer;
  const index = new Map(diagnosis.summary.causes.map((cause) => [`${cause.kind}\u0000${cause.subject}`, cause]));
  const find = (ref: CauseRef) => index.get(`${ref.kind}\u0000${ref.subject}`);
  const part = (summaryPart: SummaryPart, as: "phrase" | "title") => {
    if (!("cause" in summaryPart)) return text(summaryPart);
    const cause = find(summaryPart.cause);
    return cause ? templatesOf(catalogue, cause)[as](cause.params, words) : summaryPart.cause.subject;
  };
  const { headline, impact, causes } = diagnosis.summary;
  const prefix = text(headline.prefix);
  const sentence = (named: number) => {
    const dropped = headline.reasons.slice(named).reduce((sum, reason) => sum + weightOf(reason), 0) + (headline.more ?? 0);
    const parts = headline.reasons.slice(0, named).map((reason) => part(reason, "phrase"));
    if (dropped > 0) parts.push(text({ key: "reason.more-problems", params: { count: dropped } }));
    const reasons = words.join(parts);
    return reasons ? `${prefix}: ${reasons}.` : `${prefix}.`;
  };
  // At most three things named, and fewer when the sentence would pass HEADLINE_MAX characters.
  let named = headline.reasons.length;
  let written = sentence(named);
  while (written.length > HEADLINE_MAX && named > 1) written = sentence(--named);
  const { diagnosedAt: _diagnosedAt, summary: _summary, ...observed } = diagnosis;
  return {
    ...observed,
    summary: {
      headline: diagnosis.status === "ok" ? prefix : written,
      impact: impact.map((line) => part(line, "title")),
      causes: causes.map((cause) => renderCause(cause, renderer)),
    },
  };
}
