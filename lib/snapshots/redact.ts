// Redaction of snapshot text before it is stored or shared: known secret values, credentials in URLs, auth headers,
// secret-looking assignments and the configured patterns. Pure and idempotent: every rule leaves an existing
// "[redacted]" alone, so redacting twice changes nothing and counts 0 the second time.

export interface RedactionOptions {
  /** From config `snapshots.redact`; applied with the global flag even when compiled without it. */
  patterns: RegExp[];
  /** Exact values known to be secret: configured tokens, watched containers' environment values, URL passwords. */
  secrets: string[];
}

export interface Redacted<T> {
  value: T;
  /** How many replacements were made. */
  count: number;
}

export const REDACTED = "[redacted]";

/** Shorter values are too likely to occur by chance ("admin", "true") to be replaced everywhere. */
const MIN_SECRET_LENGTH = 6;

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
// Greedy up to the last "@" before the path, so a password holding "@" is covered whole.
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
const URL_PARAM = /([?&#;])([^=&#?;]+)=([^&#;]*)/g;
const SECRET_PARAM_NAME = /token|access_token|api[_-]?key|apikey|key|secret|password|passwd|pwd|auth|signature|sig|credential|session/i;

// "Authorization: ..." (also JSON `"Authorization": "..."`) to the end of the line or the closing quote.
const AUTHORIZATION_HEADER = /(\bauthorization["']?\s*[:=]\s*["']?)([^\s"'][^\r\n"']*)/gi;
const BEARER = /\b(Bearer)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi;
const BASIC = /\b(Basic)(\s+)([A-Za-z0-9+/]+={0,2})(?![A-Za-z0-9+/=])/g;

// NAME=value, export NAME=value, NAME: value, with an upper-case environment-style name.
const ENV_ASSIGNMENT = /(?<![A-Za-z0-9_])([A-Z][A-Z0-9_]*)(=|:[ \t]+)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"'&;,]+)/g;
const SECRET_ENV_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASS|KEY|AUTH|CREDENTIALS?|PRIVATE|COOKIE|SESSION/;
// password=..., db_password=..., token=... in log text (any case); the name must end with the secret word.
const SECRET_PAIR =
  /(?<![A-Za-z0-9_.-])((?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pwd|token|secret|api[_-]?key|apikey|credentials?))(\s*=\s*)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"'&;,]+)/gi;
// "password": "..." inside JSON written to a log.
const SECRET_JSON_PAIR =
  /("(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pwd|token|secret|api[_-]?key|apikey|credentials?)"\s*:\s*")([^"\r\n]*)(")/gi;

interface Counter {
  count: number;
}

/** Replaces every match of `pattern` (global) with what `replace` returns; counts the matches it changed. */
function replaceAll(text: string, pattern: RegExp, counter: Counter, replace: (match: string, groups: string[]) => string): string {
  return text.replace(pattern, (match: string, ...rest: unknown[]) => {
    // The capture groups come before the numeric offset argument; an unmatched group is undefined.
    const end = rest.findIndex((part) => typeof part === "number");
    const groups = rest.slice(0, end).map((part) => (typeof part === "string" ? part : ""));
    const replacement = replace(match, groups);
    if (replacement !== match) counter.count++;
    return replacement;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function globalCopy(pattern: RegExp): RegExp {
  const flags = pattern.flags.replace("y", "");
  return new RegExp(pattern.source, flags.includes("g") ? flags : `${flags}g`);
}

/** Applies `rule` to the text between existing markers, so a pattern can never eat into a "[redacted]". */
function outsideMarkers(text: string, rule: (segment: string) => string): string {
  return text.split(REDACTED).map(rule).join(REDACTED);
}

/** A value that is empty or already starts with the marker (as in "token=[redacted]#next=…") is left alone. */
function isSecretValue(value: string): boolean {
  const bare = value.replace(/^["']|["']$/g, "");
  return bare.length > 0 && !bare.startsWith(REDACTED);
}

/** Bearer tokens are opaque strings; plain words ("bearer token") are prose. */
function looksLikeBearerToken(token: string): boolean {
  return /[^A-Za-z]/.test(token) || token.length >= 16;
}

/** Base64 of "user:password": a multiple of 4 long, and not an ordinary word ("Basic features"). */
function looksLikeBasicCredentials(token: string): boolean {
  return token.length >= 8 && token.length % 4 === 0 && (/[0-9+/=]/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token)));
}

function compileSecrets(secrets: string[]): RegExp | null {
  const usable = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH && !REDACTED.includes(secret));
  if (usable.length === 0) return null;
  usable.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return new RegExp(usable.map(escapeRegExp).join("|"), "g");
}

function redactUrl(url: string, counter: Counter): string {
  let result = url.replace(URL_USERINFO, (match, scheme: string, userinfo: string) => {
    if (userinfo === "" || userinfo === REDACTED) return match;
    counter.count++;
    return `${scheme}${REDACTED}@`;
  });
  result = replaceAll(result, URL_PARAM, counter, (match, [separator = "", name = "", value = ""]) =>
    SECRET_PARAM_NAME.test(name) && value !== "" && value !== REDACTED ? `${separator}${name}=${REDACTED}` : match,
  );
  return result;
}

function applyRules(text: string, secrets: RegExp | null, patterns: RegExp[], counter: Counter): string {
  let result = text;
  if (secrets) result = outsideMarkers(result, (segment) => replaceAll(segment, secrets, counter, () => REDACTED));
  result = result.replace(URL_PATTERN, (url) => redactUrl(url, counter));
  result = replaceAll(result, AUTHORIZATION_HEADER, counter, (match, [name = "", value = ""]) =>
    value.trim() === REDACTED ? match : `${name}${REDACTED}`,
  );
  result = replaceAll(result, BEARER, counter, (match, [scheme = "", space = "", token = ""]) =>
    looksLikeBearerToken(token) ? `${scheme}${space}${REDACTED}` : match,
  );
  result = replaceAll(result, BASIC, counter, (match, [scheme = "", space = "", token = ""]) =>
    looksLikeBasicCredentials(token) ? `${scheme}${space}${REDACTED}` : match,
  );
  result = replaceAll(result, ENV_ASSIGNMENT, counter, (match, [name = "", separator = "", value = ""]) =>
    SECRET_ENV_NAME.test(name) && isSecretValue(value) ? `${name}${separator}${REDACTED}` : match,
  );
  result = replaceAll(result, SECRET_PAIR, counter, (match, [name = "", separator = "", value = ""]) =>
    isSecretValue(value) ? `${name}${separator}${REDACTED}` : match,
  );
  result = replaceAll(result, SECRET_JSON_PAIR, counter, (match, [open = "", value = "", close = ""]) =>
    value !== "" && value !== REDACTED ? `${open}${REDACTED}${close}` : match,
  );
  for (const pattern of patterns) {
    result = outsideMarkers(result, (segment) => replaceAll(segment, pattern, counter, (match) => (match === "" ? match : REDACTED)));
  }
  return result;
}

interface Compiled {
  secrets: RegExp | null;
  patterns: RegExp[];
}

function compile(options: RedactionOptions): Compiled {
  return { secrets: compileSecrets(options.secrets), patterns: options.patterns.map(globalCopy) };
}

function redactString(text: string, compiled: Compiled, counter: Counter): string {
  // A replacement can complete a match for an earlier rule (a secret next to a marker); settle in a few passes.
  let current = text;
  for (let pass = 0; pass < 3; pass++) {
    const before = counter.count;
    current = applyRules(current, compiled.secrets, compiled.patterns, counter);
    if (counter.count === before) break;
  }
  return current;
}

export function redactText(text: string, options: RedactionOptions): Redacted<string> {
  const counter = { count: 0 };
  const value = redactString(text, compile(options), counter);
  return { value, count: counter.count };
}

function walk(value: unknown, compiled: Compiled, counter: Counter): unknown {
  if (typeof value === "string") return redactString(value, compiled, counter);
  if (Array.isArray(value)) return value.map((item) => walk(item, compiled, counter));
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = walk(item, compiled, counter);
    return copy;
  }
  return value;
}

/** A deep copy of any JSON value with every string redacted; object keys are kept as they are. */
export function redactDeep<T>(value: T, options: RedactionOptions): Redacted<T> {
  const counter = { count: 0 };
  const copy = walk(value, compile(options), counter) as T;
  return { value: copy, count: counter.count };
}
