import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EngineerDetails } from "@/components/engineer-details";
import { observationSchema } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";

// The engineer view with two engines (the recorded observation of tests/integration/several-engines.test.ts, the
// second engine stopped): one heading per engine with its state, each engine's containers under it.

const load = (name: string) =>
  observationSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../fixtures/observations/${name}.json`), "utf8")));

describe("the engineer view with several engines", () => {
  it("groups the containers by engine, each under a heading with the engine's state", () => {
    const observation = load("engine-unreachable");
    const now = new Date(observation.generatedAt);
    const board = renderBoard(diagnoseBoard(observation, now));
    const html = renderToStaticMarkup(createElement(EngineerDetails, { board, now }));
    const local = html.slice(html.indexOf('data-testid="engine-local"'), html.indexOf('data-testid="engine-edge"'));
    const edge = html.slice(html.indexOf('data-testid="engine-edge"'));
    expect(local).toContain('data-reachable="true"');
    expect(local).toMatch(/Docker \d+\.\d+/);
    expect(local).toContain('data-engine="local"');
    expect(local).not.toContain('data-engine="edge"');
    expect(edge).toContain('data-reachable="false"');
    expect(edge).toContain("does not answer");
    expect([...edge.matchAll(/data-engine="edge"/g)]).toHaveLength(2);
    expect([...edge.matchAll(/data-state="unknown"/g)]).toHaveLength(2);
  });

  it("keeps one list without engine headings for one engine", () => {
    const observation = load("healthy");
    const now = new Date(observation.generatedAt);
    const html = renderToStaticMarkup(createElement(EngineerDetails, { board: renderBoard(diagnoseBoard(observation, now)), now }));
    expect(html).not.toContain('data-testid="engine-');
  });
});
