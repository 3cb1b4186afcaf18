import "server-only";
import path from "node:path";
import type { Board } from "@/lib/contracts/board";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { collectBoard } from "@/server/collect/collect-board";
import { ConfigError } from "@/server/config/load";
import { type AppSettings, loadSettings } from "@/server/config/settings";

// `cascade check [--config FILE] [--json]`: collect once, diagnose, print, and answer with the exit code:
// 0 ok, 1 degraded, 2 down, 3 bad config. For scripts and cron; no web server involved.

export const EXIT_CODES = { ok: 0, degraded: 1, down: 2, badConfig: 3 } as const;

const MARK = { ok: "OK", degraded: "DEGRADED", down: "DOWN" } as const;

export function formatCheck(board: Board): string {
  const lines = [`${MARK[board.status]}: ${board.summary.headline}`];
  for (const line of board.summary.impact) lines.push(`  impact: ${line}`);
  const roots = board.summary.causes.filter((cause) => cause.root);
  if (roots.length) lines.push("", "Root causes:");
  roots.forEach((cause, index) => {
    lines.push(`${index + 1}. [${cause.kind}] ${cause.subject}: ${cause.title}`);
    if (cause.sinceText) lines.push(`   since: ${cause.sinceText}`);
    for (const evidence of cause.evidence) lines.push(`   evidence: ${evidence.label}: ${evidence.value}`);
    const best = cause.hypotheses[0];
    if (best) lines.push(`   likely: ${best.text}`);
    for (const action of cause.actions) lines.push(`   fix: ${action.label}`);
  });
  const explained = board.summary.causes.filter((cause) => !cause.root);
  if (explained.length) lines.push("", "Explained by the root causes above:");
  for (const cause of explained)
    lines.push(`- [${cause.kind}] ${cause.subject} <- ${cause.explainedBy?.kind} ${cause.explainedBy?.subject}`);
  return lines.join("\n");
}

export async function runCheck(argv: string[]): Promise<number> {
  let settings: AppSettings;
  try {
    settings = loadSettings(argv);
  } catch (error) {
    console.error(`cascade: ${error instanceof ConfigError ? error.message : String(error)}`);
    return EXIT_CODES.badConfig;
  }
  const observation = await collectBoard(settings.config, { configDir: path.dirname(settings.configPath) });
  const board = diagnoseBoard(observation, new Date());
  console.log(argv.includes("--json") ? JSON.stringify(board, null, 2) : formatCheck(board));
  return EXIT_CODES[board.status];
}
