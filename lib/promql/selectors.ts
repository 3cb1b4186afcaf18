// PromQL expression -> its vector selectors: the metric names each reads and its matchers on `job` and `instance`,
// from Prometheus's own lezer grammar. The diagnosis uses them to tell which scrape targets a query can read from.

import {
  EqlRegex,
  EqlSingle,
  LabelMatchers,
  LabelName,
  MatchOp,
  Neq,
  NeqRegex,
  parser,
  QuotedLabelMatcher,
  QuotedLabelName,
  StringLiteral,
  UnquotedLabelMatcher,
  VectorSelector,
} from "@prometheus-io/lezer-promql";
import { firstSyntaxError, type SyntaxNode, selectorMetricNames, unquote } from "./metric-names";

export type MatchOperator = "=" | "!=" | "=~" | "!~";
export interface TargetMatcher {
  label: "job" | "instance";
  op: MatchOperator;
  value: string;
}
export interface QuerySelector {
  metrics: string[];
  /** Only the matchers on `job` and `instance`: the labels a scrape target sets. */
  matchers: TargetMatcher[];
}

const OPERATORS = new Map<number, MatchOperator>([
  [EqlSingle, "="],
  [Neq, "!="],
  [EqlRegex, "=~"],
  [NeqRegex, "!~"],
]);

function targetMatchers(selector: SyntaxNode, expr: string): TargetMatcher[] {
  const matchers: TargetMatcher[] = [];
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const list = selector.getChild(LabelMatchers);
  if (!list) return matchers;
  for (let child = list.firstChild; child; child = child.nextSibling) {
    if (child.type.id !== UnquotedLabelMatcher && child.type.id !== QuotedLabelMatcher) continue;
    const label = child.getChild(LabelName) ?? child.getChild(QuotedLabelName)?.getChild(StringLiteral) ?? null;
    const name = label ? (label.type.id === StringLiteral ? unquote(text(label)) : text(label)) : null;
    if (name !== "job" && name !== "instance") continue;
    const op = OPERATORS.get(child.getChild(MatchOp)?.firstChild?.type.id ?? -1);
    const valueNode = child.getChild(StringLiteral);
    const value = valueNode ? unquote(text(valueNode)) : null;
    if (op && value !== null) matchers.push({ label: name, op, value });
  }
  return matchers;
}

/** The selectors of `expr`; an expression that does not parse has none (its error is reported elsewhere). */
export function readSelectors(expr: string): QuerySelector[] {
  const cached = MEMO.get(expr);
  if (cached) return cached;
  const tree = parser.parse(expr);
  const selectors: QuerySelector[] = [];
  if (expr.trim() !== "" && !firstSyntaxError(tree, expr)) {
    tree.iterate({
      enter(node) {
        if (node.type.id !== VectorSelector) return;
        selectors.push({ metrics: selectorMetricNames(node.node, expr), matchers: targetMatchers(node.node, expr) });
        return false;
      },
    });
  }
  // Dashboards repeat the same few thousand expressions on every refresh: parse each once, within a bound.
  if (MEMO.size >= MEMO_LIMIT) MEMO.delete(MEMO.keys().next().value!);
  MEMO.set(expr, selectors);
  return selectors;
}

const MEMO_LIMIT = 20_000;
const MEMO = new Map<string, QuerySelector[]>();

const REGEXES = new Map<string, RegExp | null>();
function anchored(source: string): RegExp | null {
  let regex = REGEXES.get(source);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${source})$`);
    } catch {
      regex = null;
    }
    if (REGEXES.size >= MEMO_LIMIT) REGEXES.clear();
    REGEXES.set(source, regex);
  }
  return regex;
}

/** False for a regex matcher that does not compile (Prometheus would refuse the query). */
export function isReadable(matcher: TargetMatcher): boolean {
  return (matcher.op !== "=~" && matcher.op !== "!~") || anchored(matcher.value) !== null;
}

/** Whether one matcher holds for a label value; PromQL regexes are anchored at both ends. */
export function matches(matcher: TargetMatcher, value: string): boolean {
  switch (matcher.op) {
    case "=":
      return value === matcher.value;
    case "!=":
      return value !== matcher.value;
    case "=~":
    case "!~": {
      const regex = anchored(matcher.value);
      if (regex === null) return true; // a regex we cannot read is not evidence against the target
      return matcher.op === "=~" ? regex.test(value) : !regex.test(value);
    }
  }
}
