import type { Sample } from "./parse-exposition";

// Character-level reading of one exposition line: names, quoted strings, numbers. Written by hand rather than as
// one big regex so that a hostile body (a 10 MiB line of quotes or digits) is still read in linear time, and so that
// `#`, `}` and `,` inside a quoted label value are just characters.

export type Scan<T> = { ok: true; value: T } | { ok: false; message: string };

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

function isNameChar(code: number, first: boolean, allowColon: boolean): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    code === 95 ||
    (allowColon && code === 58) ||
    (!first && code >= 48 && code <= 57)
  );
}

function nameEnd(line: string, from: number, allowColon: boolean): number {
  let end = from;
  while (end < line.length && isNameChar(line.charCodeAt(end), end === from, allowColon)) end++;
  return end;
}

export function isValidMetricName(name: string): boolean {
  return name.length > 0 && nameEnd(name, 0, true) === name.length;
}

/** The index of the first character at or after `from` that is not a blank or a tab. */
export function skipBlanks(line: string, from: number): number {
  let end = from;
  while (end < line.length && isBlank(line.charCodeAt(end))) end++;
  return end;
}

/** The end of the run of non-blank characters starting at `from`. */
export function tokenEnd(line: string, from: number): number {
  let end = from;
  while (end < line.length && !isBlank(line.charCodeAt(end))) end++;
  return end;
}

/** Quotes a fragment for an error message, short and printable even when the input is binary garbage. */
export function quoteFragment(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function describeAt(line: string, index: number): string {
  if (index >= line.length) return "end of line";
  return quoteFragment(String.fromCodePoint(line.codePointAt(index) ?? 0));
}

/**
 * Unescapes `\\`, `\n` and, when asked, `\"` (label values always; HELP text only in OpenMetrics). Any other escape
 * is kept as written (`\z` stays `\z`), as Prometheus and the OpenMetrics reference parser do.
 */
export function unescapeText(text: string, escapedQuotes: boolean): string {
  let backslash = text.indexOf("\\");
  if (backslash === -1) return text;
  // Parts joined once at the end: a string of millions of escapes must not cost millions of callbacks.
  const parts: string[] = [];
  let segment = 0;
  while (backslash !== -1 && backslash + 1 < text.length) {
    const next = text[backslash + 1];
    const replacement = next === "n" ? "\n" : next === "\\" || (escapedQuotes && next === '"') ? next : null;
    if (replacement !== null) {
      parts.push(text.slice(segment, backslash), replacement);
      segment = backslash + 2;
    }
    backslash = text.indexOf("\\", backslash + 2);
  }
  parts.push(text.slice(segment));
  return parts.join("");
}

/** Reads a double-quoted string whose opening quote is at `open`, unescaped. */
export function readQuoted(line: string, open: number): { text: string; end: number } | null {
  let escaped = false;
  for (let i = open + 1; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === QUOTE) {
      const raw = line.slice(open + 1, i);
      return { text: escaped ? unescapeText(raw, true) : raw, end: i + 1 };
    }
    if (code === BACKSLASH) {
      escaped = true;
      i++;
    }
  }
  return null;
}

// Linear: no two neighbouring quantifiers can match the same character, so a failed match backtracks once per character.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Go's ParseFloat spellings that matter here: decimals, exponents, NaN and Inf in any case, with a sign on Inf. */
export function parseNumber(token: string): number | null {
  if (DECIMAL.test(token)) return Number(token);
  switch (token.toLowerCase()) {
    case "nan":
      return Number.NaN;
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return Number.POSITIVE_INFINITY;
    case "-inf":
    case "-infinity":
      return Number.NEGATIVE_INFINITY;
    default:
      return null;
  }
}

function setLabel(labels: Record<string, string>, name: string, value: string): void {
  // A plain assignment to "__proto__" would change the prototype instead of adding a label.
  if (name === "__proto__") Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
  else labels[name] = value;
}

/**
 * Reads `{a="x", b="y",}` starting at the `{`. The first item may instead be a lone quoted string: the metric name
 * in the newer UTF-8 syntax, `{"name.with.dots", a="x"}`. Label names may be quoted too.
 */
function readLabelSet(line: string, open: number, labels: Record<string, string>): Scan<{ end: number; name: string | null }> {
  let pos = open + 1;
  let quotedName: string | null = null;
  for (let first = true; ; first = false) {
    pos = skipBlanks(line, pos);
    const code = line.charCodeAt(pos);
    if (code === CLOSE_BRACE) return { ok: true, value: { end: pos + 1, name: quotedName } };
    if (pos >= line.length) return { ok: false, message: "label set is not closed with }" };
    let key: string;
    const quotedKey = code === QUOTE;
    if (quotedKey) {
      const quoted = readQuoted(line, pos);
      if (!quoted) return { ok: false, message: "quoted string is not closed" };
      key = quoted.text;
      pos = quoted.end;
    } else {
      const end = nameEnd(line, pos, false);
      if (end === pos) return { ok: false, message: `expected a label name, found ${describeAt(line, pos)}` };
      key = line.slice(pos, end);
      pos = end;
    }
    pos = skipBlanks(line, pos);
    if (line.charCodeAt(pos) === EQUALS) {
      pos = skipBlanks(line, pos + 1);
      if (line.charCodeAt(pos) !== QUOTE) return { ok: false, message: `value of label ${quoteFragment(key)} must be a quoted string` };
      const quoted = readQuoted(line, pos);
      if (!quoted) return { ok: false, message: `value of label ${quoteFragment(key)} is not closed with "` };
      if (Object.hasOwn(labels, key)) return { ok: false, message: `label ${quoteFragment(key)} appears twice` };
      setLabel(labels, key, quoted.text);
      pos = skipBlanks(line, quoted.end);
    } else if (quotedKey && first) {
      quotedName = key;
    } else {
      return { ok: false, message: `expected = after label ${quoteFragment(key)}, found ${describeAt(line, pos)}` };
    }
    const separator = line.charCodeAt(pos);
    if (separator === COMMA) pos++;
    else if (separator !== CLOSE_BRACE) return { ok: false, message: `expected , or } in label set, found ${describeAt(line, pos)}` };
  }
}

/**
 * Reads `name{labels} value [timestamp] [# exemplar]`, with leading blanks already removed. The exemplar, if any,
 * is ignored.
 */
export function scanSample(line: string): Scan<Sample> {
  let pos = nameEnd(line, 0, true);
  let name: string | null = pos > 0 ? line.slice(0, pos) : null;
  const after = line.charCodeAt(pos);
  if (name === null && after !== OPEN_BRACE) return { ok: false, message: `expected a metric name, found ${describeAt(line, 0)}` };
  if (pos < line.length && after !== OPEN_BRACE && !isBlank(after)) {
    return { ok: false, message: `unexpected ${describeAt(line, pos)} in metric name` };
  }
  const labels: Record<string, string> = {};
  pos = skipBlanks(line, pos);
  if (line.charCodeAt(pos) === OPEN_BRACE) {
    const set = readLabelSet(line, pos, labels);
    if (!set.ok) return set;
    if (set.value.name !== null && name !== null) return { ok: false, message: "metric name is given twice" };
    name = name ?? set.value.name;
    pos = set.value.end;
  }
  if (name === null) return { ok: false, message: "expected a metric name before or inside {}" };
  pos = skipBlanks(line, pos);
  if (pos >= line.length) return { ok: false, message: `sample ${quoteFragment(name)} has no value` };
  let end = tokenEnd(line, pos);
  const value = parseNumber(line.slice(pos, end));
  if (value === null) return { ok: false, message: `invalid value ${quoteFragment(line.slice(pos, end))}` };
  let timestamp: number | null = null;
  pos = skipBlanks(line, end);
  if (pos < line.length && line.charCodeAt(pos) !== HASH) {
    end = tokenEnd(line, pos);
    timestamp = parseNumber(line.slice(pos, end));
    if (timestamp === null || !Number.isFinite(timestamp)) {
      return { ok: false, message: `invalid timestamp ${quoteFragment(line.slice(pos, end))}` };
    }
    pos = skipBlanks(line, end);
    if (pos < line.length && line.charCodeAt(pos) !== HASH) {
      return { ok: false, message: `unexpected ${quoteFragment(line.slice(pos))} after the timestamp` };
    }
  }
  return { ok: true, value: { name, labels, value, timestamp } };
}
