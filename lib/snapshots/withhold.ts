import type { Board } from "@/lib/contracts/board";

// Redaction replaces the watched containers' environment values wherever they appear. When Docker could not give
// those values, no redaction can be trusted for the texts that come from inside the containers: log lines, Docker's
// container errors and health-check output. They are left out, and so is every other text that quotes one of them
// (a cause's evidence, a hypothesis's "last log lines: ..."), wherever it sits in what is about to be stored.

export const WITHHELD = "[left out: could not be redacted]";

const MIN_QUOTED_CHARS = 8;

/** Names, ids, times and enum values: never a quote, and replacing one would break the snapshot's shape. */
const STRUCTURAL_KEYS = new Set([
  "id",
  "kind",
  "subject",
  "status",
  "state",
  "likelihood",
  "name",
  "role",
  "result",
  "action",
  "source",
  "type",
  "via",
  "uid",
  "refId",
  "health",
  "time",
  "since",
  "createdAt",
  "expiresAt",
  "startedAt",
  "finishedAt",
  "generatedAt",
  "requestId",
]);

/** Texts that come from inside the watched containers (and so may carry their environment values). */
export function containerTexts(board: Board): string[] {
  const texts = board.containers.flatMap((container) => [...container.logTail, container.error ?? "", container.health?.lastOutput ?? ""]);
  // Quoted texts are compared trimmed; very short ones ("", "ok", "done") would match everywhere and carry nothing.
  return [...new Set(texts.map((text) => text.trim()).filter((text) => text.length >= MIN_QUOTED_CHARS))];
}

function withoutContainerTexts(board: Board): Board {
  return {
    ...board,
    containers: board.containers.map((container) => ({
      ...container,
      logTail: [],
      error: container.error === null ? null : WITHHELD,
      health: container.health ? { ...container.health, lastOutput: container.health.lastOutput === null ? null : WITHHELD } : null,
    })),
  };
}

/** Every string of `value` that quotes one of `texts` becomes WITHHELD; returns how many were replaced. */
function replaceQuoting<T>(value: T, texts: readonly string[]): { value: T; count: number } {
  let count = 0;
  const visit = (node: unknown, key = ""): unknown => {
    if (typeof node === "string") {
      if (STRUCTURAL_KEYS.has(key)) return node;
      if (texts.some((text) => node.includes(text))) {
        count++;
        return WITHHELD;
      }
      return node;
    }
    if (Array.isArray(node)) return node.map((child) => visit(child, key));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, visit(child, name)]));
    }
    return node;
  };
  return { value: visit(value) as T, count };
}

/**
 * `frozen` (the board and whatever is stored beside it) without any text from inside the containers of `source`,
 * the board those texts were read from. Use it when the containers' environment values could not be read.
 */
export function withholdContainerTexts<T extends { board: Board }>(frozen: T, source: Board): T {
  const texts = containerTexts(source);
  const stripped = { ...frozen, board: withoutContainerTexts(frozen.board) };
  return replaceQuoting(stripped, texts).value;
}
