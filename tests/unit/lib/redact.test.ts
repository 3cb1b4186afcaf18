import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REDACTED, type RedactionOptions, redactDeep, redactText } from "@/lib/snapshots/redact";

// The redaction rules, one table per rule, plus the ordinary text they must leave alone (real log lines, PromQL,
// addresses, metric names from the recorded observations in tests/fixtures/observations/).
const NONE: RedactionOptions = { patterns: [], secrets: [] };
const R = REDACTED;

interface Case {
  name: string;
  text: string;
  expected: string;
  count: number;
  options?: Partial<RedactionOptions>;
}

const options = (extra: Partial<RedactionOptions> = {}): RedactionOptions => ({ ...NONE, ...extra });

const cases: Record<string, Case[]> = {
  "(a) exact secret values": [
    {
      name: "one value",
      text: "token is s3cr3t-value here",
      expected: `token is ${R} here`,
      count: 1,
      options: { secrets: ["s3cr3t-value"] },
    },
    {
      name: "every occurrence counts",
      text: "a=s3cr3t-value b=s3cr3t-value",
      expected: `a=${R} b=${R}`,
      count: 2,
      options: { secrets: ["s3cr3t-value"] },
    },
    { name: "longest first", text: "pw hunter22pass", expected: `pw ${R}`, count: 1, options: { secrets: ["hunter2", "hunter22pass"] } },
    {
      name: "regex characters are literal",
      text: "x a.b*c(d)+ y axbbcdd",
      expected: `x ${R} y axbbcdd`,
      count: 1,
      options: { secrets: ["a.b*c(d)+"] },
    },
    {
      name: "values shorter than 6 are ignored",
      text: "admin logged in with abc12",
      expected: "admin logged in with abc12",
      count: 0,
      options: { secrets: ["admin", "abc12"] },
    },
  ],
  "(b) credentials in URLs": [
    { name: "user:password", text: "dsn postgres://admin:hunter2@db:5432/app", expected: `dsn postgres://${R}@db:5432/app`, count: 1 },
    {
      name: "token as user",
      text: "https://ghp_abcdef123@github.com/org/repo.git",
      expected: `https://${R}@github.com/org/repo.git`,
      count: 1,
    },
    { name: "password holding @", text: "https://user:p@ss@host/x", expected: `https://${R}@host/x`, count: 1 },
    {
      name: "secret query parameter among ordinary ones",
      text: "http://grafana:3000/d/x?orgId=1&api_key=abc123&refresh=5s",
      expected: `http://grafana:3000/d/x?orgId=1&api_key=${R}&refresh=5s`,
      count: 1,
    },
    {
      name: "query and fragment parameters",
      text: "GET https://store/x?X-Amz-Signature=deadbeef&token=abc#access_token=xyz done",
      expected: `GET https://store/x?X-Amz-Signature=${R}&token=${R}#access_token=${R} done`,
      count: 3,
    },
    {
      name: "session and password parameters",
      text: "https://h/login?session=9f8e&passwd=x1",
      expected: `https://h/login?session=${R}&passwd=${R}`,
      count: 2,
    },
  ],
  "(c) Authorization headers, Bearer and Basic": [
    {
      name: "header to end of line",
      text: "Authorization: Bearer eyJhbGciOi.abc.def\nnext line",
      expected: `Authorization: ${R}\nnext line`,
      count: 1,
    },
    {
      name: "header in quotes, any case",
      text: 'curl -H "authorization: token ghp_1234" url',
      expected: `curl -H "authorization: ${R}" url`,
      count: 1,
    },
    { name: "header in JSON", text: '{"Authorization":"Basic dXNlcjpwYXNz"}', expected: `{"Authorization":"${R}"}`, count: 1 },
    { name: "Bearer anywhere", text: "sent Bearer abc.def-123 to the API", expected: `sent Bearer ${R} to the API`, count: 1 },
    { name: "Basic credentials anywhere", text: "creds Basic dXNlcjpwYXNz ok", expected: `creds Basic ${R} ok`, count: 1 },
  ],
  "(d) secret-looking assignments": [
    { name: "NAME=value", text: "GF_SECURITY_ADMIN_PASSWORD=admin123", expected: `GF_SECURITY_ADMIN_PASSWORD=${R}`, count: 1 },
    { name: "export NAME=value", text: "export GITHUB_TOKEN=ghp_abc", expected: `export GITHUB_TOKEN=${R}`, count: 1 },
    { name: "NAME: value (YAML-ish)", text: "AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI", expected: `AWS_SECRET_ACCESS_KEY: ${R}`, count: 1 },
    { name: "quoted value", text: 'DB_PASS="p a s s" next=1', expected: `DB_PASS=${R} next=1`, count: 1 },
    {
      name: "cookie and session names",
      text: "SESSION_COOKIE=abc APP_PRIVATE_PEM=xyz",
      expected: `SESSION_COOKIE=${R} APP_PRIVATE_PEM=${R}`,
      count: 2,
    },
    {
      name: "lower-case password= in a log line",
      text: 'level=error msg="login failed" password=hunter2 user=bob',
      expected: `level=error msg="login failed" password=${R} user=bob`,
      count: 1,
    },
    { name: "prefixed token=", text: "db_token=abc123 ok", expected: `db_token=${R} ok`, count: 1 },
    {
      name: "password in logged JSON",
      text: '{"user":"bob","password":"hunter2"}',
      expected: `{"user":"bob","password":"${R}"}`,
      count: 1,
    },
  ],
  "(e) configured patterns": [
    {
      name: "without the g flag, every match",
      text: "keys sk-abcdefgh12 and sk-zyxwvuts99",
      expected: `keys ${R} and ${R}`,
      count: 2,
      options: { patterns: [/sk-[A-Za-z0-9]{8,}/] },
    },
    {
      name: "flags kept (i)",
      text: "Internal ACME-42 and acme-43",
      expected: `Internal ${R} and ${R}`,
      count: 2,
      options: { patterns: [/acme-\d+/i] },
    },
    { name: "a pattern that matches nothing inserts nothing", text: "abc", expected: "abc", count: 0, options: { patterns: [/x*/] } },
    {
      name: "sticky flag does not stop at the first miss",
      text: "a 1234-5678 b",
      expected: `a ${R} b`,
      count: 1,
      options: { patterns: [/\d{4}-\d{4}/y] },
    },
  ],
};

const ordinaryText = [
  'ts=2026-11-30T05:35:40.412Z caller=main.go:823 level=warn msg="Received SIGTERM, exiting gracefully..."',
  'level=info component=tsdb msg="WAL segment loaded" segment=1 maxSegment=11',
  'up{job="biometric-api"}',
  "http://127.0.0.1:19090/api/v1/query",
  "http://127.0.0.1:19090/api/v1/query?query=rate(auren_webhook_requests_total[5m])&time=1700000000",
  'sum(rate(http_requests_total{status=~"5.."}[5m])) by (job)',
  "auren_webhook_requests_total",
  "Queries should return data (even if limited to basic metrics)",
  "Basic instrumentation is working (FastAPI instrumentator)",
  "missing bearer token",
  "max_tokens=512 tokens_used=12",
  "TESTS=3 PATH=/usr/bin HOME=/root",
  "NameError: name 'Response' is not defined",
  "http://[::1]:9090/-/ready",
  "Datasource configured correctly (http://auren-prometheus:9090)",
  "git@github.com:org/repo.git and ops@example.com",
  "The Prometheus container (auren-prometheus) exited with code 0 just now.",
];

describe("redactText", () => {
  for (const [rule, table] of Object.entries(cases)) {
    describe(rule, () => {
      it.each(table)("$name", ({ text, expected, count, options: extra }) => {
        const first = redactText(text, options(extra));
        expect(first).toEqual({ value: expected, count });
        // Idempotent: a second pass finds nothing left to replace.
        expect(redactText(first.value, options(extra))).toEqual({ value: expected, count: 0 });
      });
    });
  }

  it.each(ordinaryText)("leaves ordinary text alone: %s", (text) => {
    expect(redactText(text, NONE)).toEqual({ value: text, count: 0 });
  });

  it("applies every rule to one line and counts each replacement", () => {
    const line = "connect postgres://app:Pw0rd-long@db/app with Authorization: Bearer abc.def\nAPI_KEY=k-123 password=p1 sk-abcdefgh12";
    const result = redactText(line, { secrets: ["Pw0rd-long"], patterns: [/sk-[a-z0-9]{10}/] });
    // The secret goes first; the URL rule then hides the rest of the user info (the user name) as well.
    expect(result.value).toBe(`connect postgres://${R}@db/app with Authorization: ${R}\nAPI_KEY=${R} password=${R} ${R}`);
    expect(result.count).toBe(6);
    expect(redactText(result.value, { secrets: ["Pw0rd-long"], patterns: [/sk-[a-z0-9]{10}/] }).count).toBe(0);
  });

  it("does not let a pattern eat into an existing marker", () => {
    const once = redactText("token=abc red", { secrets: [], patterns: [/red/] });
    expect(once.value).toBe(`token=${R} ${R}`);
    expect(redactText(once.value, { secrets: [], patterns: [/red/] })).toEqual({ value: once.value, count: 0 });
  });

  it("does not change the caller's patterns", () => {
    const pattern = /sk-\w+/;
    redactText("sk-one sk-two", { secrets: [], patterns: [pattern] });
    expect(pattern.flags).toBe("");
    expect(pattern.lastIndex).toBe(0);
  });
});

describe("redactDeep", () => {
  it("returns a redacted deep copy, keeps keys and non-strings, and counts every string", () => {
    const input = {
      GITHUB_TOKEN: "ghp_supersecret",
      env: ["PATH=/usr/bin", "DB_PASSWORD=hunter22"],
      nested: { url: "https://u:p4ss@host/x?sig=abc", port: 9090, ok: true, none: null, list: [[{ text: "Bearer abc.def.ghi" }]] },
    };
    const snapshot = JSON.parse(JSON.stringify(input));
    const result = redactDeep(input, { secrets: ["ghp_supersecret"], patterns: [] });
    expect(result.value).toEqual({
      GITHUB_TOKEN: R,
      env: ["PATH=/usr/bin", `DB_PASSWORD=${R}`],
      nested: { url: `https://${R}@host/x?sig=${R}`, port: 9090, ok: true, none: null, list: [[{ text: `Bearer ${R}` }]] },
    });
    expect(result.count).toBe(5);
    expect(input).toEqual(snapshot);
    expect(result.value.nested).not.toBe(input.nested);
    expect(redactDeep(result.value, { secrets: ["ghp_supersecret"], patterns: [] }).count).toBe(0);
  });

  it("redacts plain strings and leaves numbers alone", () => {
    expect(redactDeep("export X_TOKEN=1", NONE)).toEqual({ value: `export X_TOKEN=${R}`, count: 1 });
    expect(redactDeep(42, NONE)).toEqual({ value: 42, count: 0 });
  });

  it("finds nothing to redact in the recorded observations (no false positives on real data)", () => {
    const dir = path.resolve(__dirname, "../../fixtures/observations");
    const files = fs.readdirSync(dir).filter((file) => file.endsWith(".json"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const observation: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      const result = redactDeep(observation, NONE);
      expect({ file, count: result.count }).toEqual({ file, count: 0 });
      expect(result.value).toEqual(observation);
    }
  });
});
