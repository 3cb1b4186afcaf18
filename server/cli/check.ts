import "server-only";
import path from "node:path";
import type { Board } from "@/lib/contracts/board";
import { type Locale, localeOfPosix, type MessageKey, makeRenderer, renderBoard } from "@/lib/messages";
import { collectBoard } from "@/server/collect/collect-board";
import { diagnoseTimed } from "@/server/collect/diagnose-timed";
import { ConfigError } from "@/server/config/load";
import { type AppSettings, loadSettings } from "@/server/config/settings";

// `cascade check [--config FILE] [--json] [--lang de]`: collect once, diagnose, print, and answer with the exit code:
// 0 ok, 1 degraded, 2 down, 3 bad config. For scripts and cron; no web server involved.

export const EXIT_CODES = { ok: 0, degraded: 1, down: 2, badConfig: 3 } as const;

const MARK = { ok: "OK", degraded: "DEGRADED", down: "DOWN" } as const;

export function formatCheck(board: Board, locale: Locale = "en"): string {
  const { text } = makeRenderer(locale, new Date(board.generatedAt));
  const word = (key: MessageKey) => text({ key, params: {} });
  const lines = [`${MARK[board.status]}: ${board.summary.headline}`];
  for (const line of board.summary.impact) lines.push(`  ${word("cli.impact")}: ${line}`);
  const roots = board.summary.causes.filter((cause) => cause.root);
  if (roots.length) lines.push("", word("cli.root-causes"));
  roots.forEach((cause, index) => {
    lines.push(`${index + 1}. [${cause.kind}] ${cause.subject}: ${cause.title}`);
    if (cause.sinceText) lines.push(`   ${word("cli.since")}: ${cause.sinceText}`);
    for (const evidence of cause.evidence) lines.push(`   ${word("cli.evidence")}: ${evidence.label}: ${evidence.value}`);
    const best = cause.hypotheses[0];
    if (best) lines.push(`   ${word("cli.likely")}: ${best.text}`);
    for (const action of cause.actions) lines.push(`   ${word("cli.fix")}: ${action.label}`);
  });
  const explained = board.summary.causes.filter((cause) => !cause.root);
  if (explained.length) lines.push("", word("cli.explained"));
  for (const cause of explained)
    lines.push(`- [${cause.kind}] ${cause.subject} <- ${cause.explainedBy?.kind} ${cause.explainedBy?.subject}`);
  return lines.join("\n");
}

/** `--lang de` (or `--lang=de`) first, then the LANG environment variable (de_DE.UTF-8 -> de), else English. */
export function checkLocale(argv: string[], env: Record<string, string | undefined> = process.env): Locale {
  const index = argv.indexOf("--lang");
  const flag = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith("--lang="))?.slice("--lang=".length);
  return localeOfPosix(flag) ?? localeOfPosix(env.LC_ALL || env.LANG) ?? "en";
}

/**
 * Every part of a collection has its own deadline (timeouts.upstreamMs, a few in a row at most); this cap is the
 * backstop, so that a check from cron always ends, with an error line and exit code 2, never hangs.
 */
export const checkCapMs = (upstreamMs: number) => 5 * upstreamMs + 5_000;

function withinCap<T>(work: Promise<T>, capMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${capMs} ms: the collection did not finish`)), capMs);
  });
  return Promise.race([work, cap]).finally(() => clearTimeout(timer));
}

export async function runCheck(argv: string[]): Promise<number> {
  let settings: AppSettings;
  try {
    settings = loadSettings(argv);
  } catch (error) {
    console.error(`cascade: ${error instanceof ConfigError ? error.message : String(error)}`);
    return EXIT_CODES.badConfig;
  }
  const observation = await withinCap(
    collectBoard(settings.config, { configDir: path.dirname(settings.configPath) }),
    checkCapMs(settings.config.timeouts.upstreamMs),
  );
  const locale = checkLocale(argv);
  const board = renderBoard(diagnoseTimed(observation, new Date(), { ignore: settings.config.ignore }), locale);
  // Written and flushed before the exit code is returned: the caller exits the process at once, and a pipe takes a
  // large answer (the --json board of a busy host is megabytes) in parts, so console.log would be cut short.
  const text = `${argv.includes("--json") ? JSON.stringify(board, null, 2) : formatCheck(board, locale)}\n`;
  await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  return EXIT_CODES[board.status];
}
