import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Board, boardSchema, observationSchema } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";
import { toExecutiveView } from "@/lib/snapshots/executive-view";
import { containerTexts, WITHHELD, withholdContainerTexts } from "@/lib/snapshots/withhold";

// When the containers' environment could not be read, nothing that came from inside them may be stored: not the
// log lines, errors and health output themselves, and not a cause's evidence or hypothesis that quotes them.

const boardOf = (scenario: string): Board => {
  const file = path.join(__dirname, "../../fixtures/observations", `${scenario}.json`);
  const observation = observationSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  return renderBoard(diagnoseBoard(observation, new Date(observation.generatedAt)));
};

describe("withholdContainerTexts", () => {
  it.each(["incident", "container-crash-loop", "container-exited-sigterm", "container-unhealthy"])(
    "leaves no text from inside the containers of %s anywhere in the stored JSON",
    (scenario) => {
      const board = boardOf(scenario);
      const texts = containerTexts(board);
      expect(texts.length).toBeGreaterThan(0);
      const stored = withholdContainerTexts({ board, verifyRun: null, note: null }, board);
      const json = JSON.stringify(stored);
      for (const text of texts) expect(json).not.toContain(text);
      expect(stored.board.containers.every((container) => container.logTail.length === 0)).toBe(true);
      expect(stored.board.containers.every((container) => !container.health?.lastOutput || container.health.lastOutput === WITHHELD)).toBe(
        true,
      );
      // Still a board: the page and the report read it as before.
      expect(boardSchema.parse(stored.board).summary.causes.length).toBe(board.summary.causes.length);
    },
  );

  it("also cleans the executive view, whose container errors are kept otherwise", () => {
    const board = boardOf("incident");
    const stored = withholdContainerTexts({ board: toExecutiveView(board) }, board);
    for (const text of containerTexts(board)) expect(JSON.stringify(stored)).not.toContain(text);
  });

  it("replaces a quote wherever it sits, but keeps names, kinds and statuses", () => {
    const board = boardOf("container-unhealthy");
    const output = board.containers.find((container) => container.health?.lastOutput)!.health!.lastOutput!;
    const stored = withholdContainerTexts({ board, note: `see: ${output}`, extra: { deep: [`"${output}"`] } }, board);
    expect(stored.note).toBe(WITHHELD);
    expect(stored.extra.deep).toEqual([WITHHELD]);
    expect(stored.board.status).toBe(board.status);
    expect(stored.board.containers.map((container) => container.name)).toEqual(board.containers.map((container) => container.name));
  });
});
