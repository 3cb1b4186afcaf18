// PromQL expression -> the metric names it reads, using Prometheus's own lezer grammar (never a regex over the query).

import {
  EqlRegex,
  EqlSingle,
  Identifier,
  LabelMatchers,
  LabelName,
  MatchOp,
  parser,
  QuotedLabelMatcher,
  QuotedLabelName,
  StringLiteral,
  UnquotedLabelMatcher,
  VectorSelector,
} from "@prometheus-io/lezer-promql";

export interface PromqlMetrics {
  metrics: string[];
  error: string | null;
}

export type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function extractMetricNames(expr: string): PromqlMetrics {
  if (expr.trim() === "") return { metrics: [], error: "empty expression" };
  const tree = parser.parse(expr);
  const error = firstSyntaxError(tree, expr);
  // The grammar recovers from errors by inventing nodes; names read from a broken tree would be guesses.
  if (error) return { metrics: [], error };

  const names = new Set<string>();
  tree.iterate({
    enter(node) {
      if (node.type.id !== VectorSelector) return;
      for (const name of selectorMetricNames(node.node, expr)) names.add(name);
      return false; // a selector holds no nested selectors
    },
  });
  return { metrics: [...names].sort(), error: null };
}

export function firstSyntaxError(tree: ReturnType<typeof parser.parse>, expr: string): string | null {
  let error: string | null = null;
  tree.iterate({
    enter(node) {
      if (error !== null) return false;
      if (!node.type.isError) return;
      const found = expr.slice(node.from, Math.max(node.to, node.from + 1)).trim();
      error =
        node.from >= expr.trimEnd().length
          ? "unexpected end of expression"
          : `unexpected ${JSON.stringify(truncate(found))} at position ${node.from}`;
      return false;
    },
  });
  return error;
}

function truncate(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/** Names a single vector selector reads: `foo{...}`, `{"foo"}` (UTF-8 name) or `{__name__=...}`. */
export function selectorMetricNames(selector: SyntaxNode, expr: string): string[] {
  const names: string[] = [];
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const identifier = selector.getChild(Identifier);
  if (identifier) names.push(text(identifier));

  const matchers = selector.getChild(LabelMatchers);
  if (!matchers) return names;
  for (let child = matchers.firstChild; child; child = child.nextSibling) {
    if (child.type.id === QuotedLabelName) {
      // Prometheus 3 form: a bare quoted string among the matchers is the metric name.
      const literal = child.getChild(StringLiteral);
      const name = literal ? unquote(text(literal)) : null;
      if (name) names.push(name);
      continue;
    }
    if (child.type.id !== UnquotedLabelMatcher && child.type.id !== QuotedLabelMatcher) continue;
    const label = child.getChild(LabelName) ?? child.getChild(QuotedLabelName)?.getChild(StringLiteral) ?? null;
    const labelName = label ? (label.type.id === StringLiteral ? unquote(text(label)) : text(label)) : null;
    if (labelName !== "__name__") continue;
    const op = child.getChild(MatchOp)?.firstChild?.type.id;
    const valueNode = child.getChild(StringLiteral);
    const value = valueNode ? unquote(text(valueNode)) : null;
    if (value === null) continue;
    if (op === EqlSingle && value !== "") names.push(value);
    if (op === EqlRegex) names.push(...alternationNames(value));
  }
  return names;
}

/** `a|b|c` (optionally in one pair of parentheses) is exactly those names; any other regex is not read as names. */
function alternationNames(regex: string): string[] {
  const body = regex.startsWith("(") && regex.endsWith(")") ? regex.slice(1, -1) : regex;
  const parts = body.split("|");
  return parts.every((part) => METRIC_NAME.test(part)) ? parts : [];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

/** A PromQL string literal's value (Go quoting rules); null when it is not a closed, valid literal. */
export function unquote(literal: string): string | null {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) return null;
  const body = literal.slice(1, -1);
  if (quote === "`") return body;
  if (quote !== '"' && quote !== "'") return null;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") {
      out += body[i];
      continue;
    }
    const sequence = readEscape(body, i + 1);
    if (!sequence) return null;
    out += sequence.text;
    i += sequence.length;
  }
  return out;
}

/** The escape sequence starting after a backslash at `start`: its text and how many characters it spans. */
function readEscape(body: string, start: number): { text: string; length: number } | null {
  const kind = body[start];
  if (kind === undefined) return null;
  const simple = SIMPLE_ESCAPES[kind];
  if (simple !== undefined) return { text: simple, length: 1 };
  const hexLength = kind === "x" ? 2 : kind === "u" ? 4 : kind === "U" ? 8 : 0;
  const digits = hexLength ? body.slice(start + 1, start + 1 + hexLength) : body.slice(start, start + 3);
  const valid = hexLength ? new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits) : /^[0-7]{3}$/.test(digits);
  const code = valid ? parseInt(digits, hexLength ? 16 : 8) : NaN;
  if (Number.isNaN(code) || code > 0x10ffff) return null;
  return { text: String.fromCodePoint(code), length: hexLength ? 1 + hexLength : 3 };
}
