import { isValidMetricName, quoteFragment, readQuoted, type Scan, scanSample, skipBlanks, tokenEnd, unescapeText } from "./scan-line";

// Reads Prometheus text exposition 0.0.4 and OpenMetrics 1.0 into metric families. Tolerant on purpose: a bad line
// becomes a ParseProblem and the rest is still read, because a half-broken /metrics endpoint is evidence for the
// board, not an exception. Browser-safe and pure.

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped" | "unknown" | "info" | "stateset" | "gaugehistogram";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /**
   * The timestamp as written, or null when absent. Its unit depends on the format: integer milliseconds since the
   * epoch in Prometheus text, seconds (possibly fractional) in OpenMetrics.
   */
  timestamp: number | null;
}

export interface MetricFamily {
  name: string;
  /** "untyped" when no `# TYPE` line declared the family (including samples that have no family at all). */
  type: MetricType;
  help: string | null;
  unit: string | null;
  samples: Sample[];
}

/** `line` is 1-based. */
export interface ParseProblem {
  line: number;
  message: string;
}

export interface ExpositionParse {
  format: "prometheus" | "openmetrics";
  families: MetricFamily[];
  /** At most MAX_PROBLEMS, plus one closing entry that counts the ones left out. */
  problems: ParseProblem[];
  /** Whether an OpenMetrics `# EOF` line was read: false for OpenMetrics means the body may have been cut short. */
  sawEof: boolean;
}

export const MAX_PROBLEMS = 50;

const METRIC_TYPES: ReadonlySet<string> = new Set<MetricType>([
  "counter",
  "gauge",
  "histogram",
  "summary",
  "untyped",
  "unknown",
  "info",
  "stateset",
  "gaugehistogram",
]);

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count", "_created", "_gcount", "_gsum"];

/** The sample names a family of each type may carry besides its own name. */
const SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: ["_total", "_created"],
  histogram: HISTOGRAM_SUFFIXES,
  gaugehistogram: HISTOGRAM_SUFFIXES,
  summary: ["_sum", "_count", "_created"],
  info: ["_info"],
  gauge: [],
  untyped: [],
  unknown: [],
  stateset: [],
};

const ALL_SUFFIXES = [...new Set(Object.values(SUFFIXES).flat())];

class ProblemLog {
  private readonly listed: ParseProblem[] = [];
  private left = 0;
  private firstLeftLine = 0;

  add(line: number, message: string): void {
    if (this.listed.length < MAX_PROBLEMS) this.listed.push({ line, message });
    else if (this.left++ === 0) this.firstLeftLine = line;
  }

  finish(): ParseProblem[] {
    if (this.left === 0) return this.listed;
    return [...this.listed, { line: this.firstLeftLine, message: `${this.left} more problems from here on are not listed` }];
  }
}

interface FamilyEntry {
  family: MetricFamily;
  typed: boolean;
}

function belongsTo(sampleName: string, family: MetricFamily): boolean {
  if (sampleName === family.name) return true;
  return sampleName.startsWith(family.name) && SUFFIXES[family.type].includes(sampleName.slice(family.name.length));
}

/** Groups samples into families, keeping the order in which families were first seen. */
class FamilyIndex {
  readonly families: MetricFamily[] = [];
  private readonly byName = new Map<string, FamilyEntry>();
  private current: FamilyEntry | null = null;

  /** The family a `# HELP`, `# TYPE` or `# UNIT` line names; it becomes the one later samples look at first. */
  declare(name: string): FamilyEntry {
    this.current = this.entry(name);
    return this.current;
  }

  add(sample: Sample): void {
    this.familyFor(sample.name).samples.push(sample);
  }

  private entry(name: string): FamilyEntry {
    let entry = this.byName.get(name);
    if (!entry) {
      entry = { family: { name, type: "untyped", help: null, unit: null, samples: [] }, typed: false };
      this.byName.set(name, entry);
      this.families.push(entry.family);
    }
    return entry;
  }

  // The latest declared family first; then, for out-of-order text, any family seen before (as Prometheus's own
  // expfmt parser does), so a `_count` line before the buckets or a stray label set never splits a family.
  private familyFor(sampleName: string): MetricFamily {
    if (this.current && belongsTo(sampleName, this.current.family)) return this.current.family;
    const exact = this.byName.get(sampleName);
    if (exact) return exact.family;
    for (const suffix of ALL_SUFFIXES) {
      if (!sampleName.endsWith(suffix)) continue;
      const base = this.byName.get(sampleName.slice(0, -suffix.length));
      if (base && SUFFIXES[base.family.type].includes(suffix)) return base.family;
    }
    return this.entry(sampleName).family;
  }
}

/** OpenMetrics when the content type says so or the text ends with a `# EOF` line; otherwise Prometheus 0.0.4. */
function detectFormat(text: string, contentType: string | null): ExpositionParse["format"] {
  if (contentType?.toLowerCase().includes("application/openmetrics-text")) return "openmetrics";
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= 32) end--;
  const start = text.lastIndexOf("\n", end - 1) + 1;
  return text.slice(start, end).trim() === "# EOF" ? "openmetrics" : "prometheus";
}

function readCommentName(line: string, from: number, keyword: string): Scan<{ name: string; end: number }> {
  if (line.charCodeAt(from) === 34) {
    const quoted = readQuoted(line, from);
    if (!quoted) return { ok: false, message: `# ${keyword}: quoted metric name is not closed` };
    return { ok: true, value: { name: quoted.text, end: quoted.end } };
  }
  const end = tokenEnd(line, from);
  const name = line.slice(from, end);
  if (isValidMetricName(name)) return { ok: true, value: { name, end } };
  return { ok: false, message: name ? `# ${keyword}: invalid metric name ${quoteFragment(name)}` : `# ${keyword} without a metric name` };
}

/** Handles `# HELP`, `# TYPE`, `# UNIT` and `# EOF`; other comments are ignored. Returns true on `# EOF`. */
function readComment(
  line: string,
  lineNumber: number,
  format: ExpositionParse["format"],
  index: FamilyIndex,
  problems: ProblemLog,
): boolean {
  const keywordStart = skipBlanks(line, 1);
  const keywordEnd = tokenEnd(line, keywordStart);
  const keyword = line.slice(keywordStart, keywordEnd);
  if (keyword === "EOF") return format === "openmetrics" && skipBlanks(line, keywordEnd) === line.length;
  if (keyword !== "HELP" && keyword !== "TYPE" && keyword !== "UNIT") return false;

  const read = readCommentName(line, skipBlanks(line, keywordEnd), keyword);
  if (!read.ok) {
    problems.add(lineNumber, read.message);
    return false;
  }
  const { name, end: nameEnd } = read.value;
  const rest = line.slice(skipBlanks(line, nameEnd));
  const entry = index.declare(name);
  const { family } = entry;
  if (keyword === "HELP") {
    if (family.help !== null) problems.add(lineNumber, `second # HELP line for ${quoteFragment(name)} is ignored`);
    else family.help = unescapeText(rest, format === "openmetrics");
  } else if (keyword === "UNIT") {
    family.unit = rest.trim();
  } else {
    const type = rest.trim().toLowerCase();
    if (!METRIC_TYPES.has(type)) problems.add(lineNumber, `unknown metric type ${quoteFragment(rest.trim())} for ${quoteFragment(name)}`);
    else if (entry.typed) problems.add(lineNumber, `second # TYPE line for ${quoteFragment(name)} is ignored`);
    else {
      family.type = type as MetricType;
      entry.typed = true;
    }
  }
  return false;
}

/** Parses a /metrics body. Never throws: whatever is not exposition text is reported in `problems`. */
export function parseExposition(text: string, options?: { contentType?: string | null }): ExpositionParse {
  // A byte-order mark from a Windows-made textfile collector file would otherwise spoil the first line.
  const body = typeof text !== "string" ? "" : text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const format = detectFormat(body, options?.contentType ?? null);
  const index = new FamilyIndex();
  const problems = new ProblemLog();
  let sawEof = false;
  let lineNumber = 0;

  // indexOf rather than split("\n"): split is several times slower on bodies of millions of short lines.
  for (let from = 0; from <= body.length; lineNumber++) {
    const newline = body.indexOf("\n", from);
    const to = newline === -1 ? body.length : newline;
    let first = from;
    from = to + 1;
    while (first < to && (body.charCodeAt(first) === 32 || body.charCodeAt(first) === 9)) first++;
    const last = to > first && body.charCodeAt(to - 1) === 13 ? to - 1 : to;
    if (first >= last) continue;
    if (sawEof) {
      problems.add(lineNumber + 1, 'text after "# EOF" is ignored');
      break;
    }
    const line = body.slice(first, last);
    try {
      if (line.charCodeAt(0) === 35) {
        sawEof = readComment(line, lineNumber + 1, format, index, problems);
        continue;
      }
      const sample = scanSample(line);
      if (sample.ok) index.add(sample.value);
      else problems.add(lineNumber + 1, sample.message);
    } catch (error) {
      // A bug here must cost one line, not the whole board.
      problems.add(lineNumber + 1, `parser error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (format === "openmetrics" && !sawEof) {
    problems.add(lineNumber, 'OpenMetrics text does not end with "# EOF"; the body may have been cut short');
  }
  return { format, families: index.families, problems: problems.finish(), sawEof };
}

/** Every name a query could use: family names and sample names (e.g. foo, foo_total, foo_bucket, foo_count). */
export function metricNamesOf(parse: ExpositionParse): Set<string> {
  const names = new Set<string>();
  for (const family of parse.families) {
    names.add(family.name);
    for (const sample of family.samples) names.add(sample.name);
  }
  return names;
}
