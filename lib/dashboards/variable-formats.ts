// How a template variable's values are written into PromQL: Grafana's ${var:format} options, and its default for
// Prometheus (multi-value -> regex alternation), plus the quoting PromQL needs inside string literals.

export type ValueEscaping = "regex" | "verbatim";

/** A string literal in the raw expression: where it is, its quote, and whether it is a regex matcher's value. */
export interface StringSpot {
  start: number;
  end: number;
  quote: string;
  regex: boolean;
}

export interface FormatRequest {
  name: string;
  format: string | undefined;
  spot: StringSpot | null;
  escaping: ValueEscaping | undefined;
}

// Grafana writes a custom "All" value as the author typed it, unless the format asks for text or URL encoding.
const FORMATS_THAT_REWRITE_ALL = new Set(["text", "percentencode", "queryparam"]);

export function formatValues(values: string[], request: FormatRequest): string {
  const { format, spot, escaping } = request;
  if (escaping === "verbatim" && (format === undefined || !FORMATS_THAT_REWRITE_ALL.has(format))) {
    return values.join(",");
  }
  if (format === "raw") return values.join(",");
  const text = format === undefined ? defaultFormat(values, spot, escaping) : explicitFormat(values, format, request.name);
  return spot ? escapeForString(text, spot.quote) : text;
}

/**
 * Grafana's Prometheus default: several values become `(a|b)` with regex metacharacters escaped. Unlike Grafana, a
 * single value is regex-escaped only inside a regex matcher, and several values outside any string (a `by (...)`
 * list) are comma-separated, since `(a|b)` cannot parse there.
 */
function defaultFormat(values: string[], spot: StringSpot | null, escaping: ValueEscaping | undefined): string {
  if (!spot) return values.join(",");
  if (values.length > 1) return `(${values.map(escapeRegex).join("|")})`;
  const value = values[0] ?? "";
  return spot.regex && escaping === "regex" ? escapeRegex(value) : value;
}

function explicitFormat(values: string[], format: string, name: string): string {
  const single = values.length === 1 ? (values[0] ?? "") : null;
  switch (format) {
    case "regex":
      return single !== null ? escapeRegex(single) : `(${values.map(escapeRegex).join("|")})`;
    case "pipe":
      return values.join("|");
    case "csv":
      return values.join(",");
    case "json":
      return JSON.stringify(single ?? values);
    case "doublequote":
      return values.map((value) => `"${value.replace(/"/g, '\\"')}"`).join(",");
    case "singlequote":
      return values.map((value) => `'${value.replace(/'/g, "\\'")}'`).join(",");
    case "sqlstring":
      return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(",");
    case "lucene":
      if (single !== null) return escapeLucene(single);
      return `(${values.map((value) => `"${escapeLucene(value)}"`).join(" OR ")})`;
    case "text":
      return values.join(" + ");
    case "percentencode":
      return encodeURIComponent(single ?? `{${values.join(",")}}`);
    case "queryparam":
      return values.map((value) => `var-${name}=${encodeURIComponent(value)}`).join("&");
    case "distributed":
      return values.map((value, index) => (index === 0 ? value : `${name}=${value}`)).join(",");
    default:
      // "glob", and Grafana's fallback for a format it does not know.
      return single ?? `{${values.join(",")}}`;
  }
}

export function escapeRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

function escapeLucene(value: string): string {
  return value.replace(/[+\-&|!(){}[\]^"~*?:\\/ ]/g, "\\$&");
}

/** Backslashes, the closing quote and newlines, escaped as PromQL's Go-style string literals need them. */
function escapeForString(text: string, quote: string): string {
  if (quote === "`") return text;
  return text.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`).replace(/\n/g, "\\n");
}
