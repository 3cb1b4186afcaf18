// Readers of error texts (a 500's body, a log line): each knows one runtime's way of saying what failed and names the
// symbol it failed on. Pure. An unknown text gives null: the caller then offers a general hypothesis, never a guess.

export type SignatureKind =
  | "python-name-error"
  | "python-import-error"
  | "python-module-not-found"
  | "node-reference-error"
  | "node-module-not-found"
  | "go-panic"
  | "java-exception"
  | "html-error-page";

export interface ErrorSignature {
  kind: SignatureKind;
  /** What it names: the undefined name, the missing module, the panic message, the exception class, the page title. */
  symbol: string;
  /** The text that matched, as evidence. */
  match: string;
}

interface Reader {
  kind: SignatureKind;
  pattern: RegExp;
  /** Which capture group is the symbol. */
  group: number;
}

// Order matters: ModuleNotFoundError is a subclass of ImportError and says so first.
const READERS: Reader[] = [
  { kind: "python-module-not-found", pattern: /ModuleNotFoundError: No module named '([^']+)'/, group: 1 },
  { kind: "python-import-error", pattern: /ImportError: cannot import name '([^']+)'(?: from '[^']+')?/, group: 1 },
  { kind: "python-name-error", pattern: /NameError: name '([^']+)' is not defined/, group: 1 },
  { kind: "node-module-not-found", pattern: /Error: Cannot find module '([^']+)'/, group: 1 },
  { kind: "node-reference-error", pattern: /ReferenceError: (\S+) is not defined/, group: 1 },
  // A panic that ended the program, or one net/http recovered and logged ("http: panic serving <addr>: <message>").
  { kind: "go-panic", pattern: /\bpanic: (.+?)(?:\s+\[(?:signal|recovered)[^\]]*\])?(?:\s*\n|\s+goroutine |…|$)/, group: 1 },
  { kind: "go-panic", pattern: /\bhttp: panic serving \S+: (.+?)(?:\s*\n|\s+goroutine |…|$)/, group: 1 },
  {
    kind: "java-exception",
    pattern:
      /(?:Exception in thread "[^"]*" |Caused by: |^|\s)((?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))(?::[^\n]*)?(?:\n\s+at |\n|$)/,
    group: 1,
  },
];

const decode = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, "&");

/** The title (or first heading) of an HTML page, whitespace folded. */
function pageTitle(html: string): string | null {
  const found = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  const title = found
    ? decode(found[1]!.replace(/<[^>]+>/g, " "))
        .replace(/\s+/g, " ")
        .trim()
    : "";
  return title || null;
}

/** What an error text says failed, or null when no reader knows it. */
export function readErrorSignature(text: string, contentType: string | null = null): ErrorSignature | null {
  const plain = decode(text);
  for (const reader of READERS) {
    const found = reader.pattern.exec(plain);
    if (found) return { kind: reader.kind, symbol: found[reader.group]!, match: found[0].trim() };
  }
  const html = /html/i.test(contentType ?? "") || /^\s*<(!doctype|html)/i.test(text);
  if (!html) return null;
  // A page already stripped of its tags (the board keeps only its text) starts with its title.
  const title =
    pageTitle(text) ??
    (/<[a-z]/i.test(text)
      ? null
      : plain
          .replace(/^HTTP \d+:\s*/, "")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 80));
  return title ? { kind: "html-error-page", symbol: title, match: title } : null;
}
