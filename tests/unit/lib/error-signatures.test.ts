import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bodyStart } from "@/lib/health/endpoint";
import { readErrorSignature, type SignatureKind } from "@/lib/health/error-signatures";

// Table tests on real error texts (tests/fixtures/error-signatures/README.md says how each was produced). Each is read
// twice: as the runtime wrote it, and as the board keeps a 500's body ("HTTP 500: " + its start, tags stripped).
const DIR = path.resolve(__dirname, "../../fixtures/error-signatures");
const read = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");

const cases: [file: string, contentType: string | null, kind: SignatureKind | null, symbol: string | null][] = [
  ["python-name-error.txt", "text/plain", "python-name-error", "Response"],
  ["python-import-error.txt", "text/plain", "python-import-error", "loadz"],
  ["python-module-not-found.txt", "text/plain", "python-module-not-found", "prometheus_flask_exporterz"],
  ["node-reference-error.txt", "text/plain", "node-reference-error", "metricsRegistry"],
  ["node-module-not-found.txt", "text/plain", "node-module-not-found", "prom-clientz"],
  ["go-panic.txt", "text/plain", "go-panic", "runtime error: invalid memory address or nil pointer dereference"],
  ["go-http-panic-serving.txt", "text/plain", "go-panic", "runtime error: invalid memory address or nil pointer dereference"],
  ["java-null-pointer.txt", "text/plain", "java-exception", "java.lang.NullPointerException"],
  ["html-500-python-http-server.html", "text/html;charset=utf-8", "html-error-page", "Error response"],
  // Nothing in it names a cause: no reader may guess.
  ["unknown-plain-500.txt", "text/plain", null, null],
];

describe("error-signature readers, on real error texts", () => {
  it.each(cases)("%s", (file, contentType, kind, symbol) => {
    const text = read(file);
    const asWritten = readErrorSignature(text, contentType);
    expect(asWritten?.kind ?? null).toBe(kind);
    expect(asWritten?.symbol ?? null).toBe(symbol);
    if (asWritten) expect(text.replace(/\s+/g, " ")).toContain(asWritten.match.replace(/\s+/g, " "));
    const asKept = readErrorSignature(`HTTP 500: ${bodyStart(text)}`, contentType);
    expect(asKept?.kind ?? null).toBe(kind);
    // A page stripped of its tags is named by its start (the title comes first).
    if (kind !== "html-error-page") expect(asKept?.symbol ?? null).toBe(symbol);
    else expect(asKept?.symbol).toMatch(/^Error response/);
  });

  it("gives no guess for texts that only look alike", () => {
    expect(readErrorSignature("the NameError page of our wiki")).toBeNull();
    expect(readErrorSignature("panicked: no")).toBeNull();
    expect(readErrorSignature("<p>not a page</p>", "text/plain")).toBeNull();
  });
});
