import type { CauseKind } from "@/lib/contracts/diagnosis";

// The shapes shared by the diagnosis (which produces facts and message keys, never sentences) and the catalogues
// (which turn them into words). Pure and browser-safe.

export type Locale = "en" | "de";
export const LOCALES: readonly Locale[] = ["en", "de"];

/** A fact a sentence is made from. */
export type Param = string | number | boolean | null | string[];
export type Params = Record<string, Param>;

/** A sentence not yet written: a catalogue key and the facts it needs. */
export interface Message {
  key: string;
  params: Params;
}

/** Locale-aware helpers a template may use: times, counts, lists. */
export interface Words {
  /** "22 minutes ago", or null when the time is unknown. */
  ago(iso: Param | undefined): string | null;
  /** "22 minutes ago, 04:11 UTC", or null when the time is unknown. */
  when(iso: Param | undefined): string | null;
  /** "3 panels": the count and the noun in the right number. */
  count(count: Param | undefined, one: string, many?: string): string;
  /** "a, b and c". */
  join(parts: string[]): string;
  /** "biometric-api" -> "biometric API". */
  humanize(name: Param | undefined): string;
}

export type Template = (params: Params, words: Words) => string;

export interface CauseTemplates {
  title: Template;
  detail: Template;
  /** The few words a headline uses for this cause when it is a root. */
  phrase: Template;
}

/** Words for a group of causes (members > 1): by the kind of its members, containers sharing one set. */
export type GroupTemplates = Record<"target-down" | "metric-family-missing" | "container", CauseTemplates>;

/** One locale's words. Every catalogue has the same keys (tests/unit/lib/messages.test.ts). */
export interface Catalogue {
  time: {
    justNow: string;
    ago: (duration: string) => string;
    in: (duration: string) => string;
    units: Record<"second" | "minute" | "hour" | "day", [one: string, many: string]>;
    and: string;
  };
  causes: Record<CauseKind, CauseTemplates>;
  groups: GroupTemplates;
  messages: Record<string, Template>;
}
