import "server-only";
import pino from "pino";
import { processSingleton } from "@/server/process-singleton";

// The process's one logger: one JSON object per line on stdout (`time`, `level`, `msg`, and fields), at LOG_LEVEL
// (trace, debug, info, warn, error, fatal, silent; default info). `cascade check` prints its answer on stdout, so
// there the log goes to stderr and stays silent unless LOG_LEVEL asks for it (bin/cascade.mjs sets CASCADE_CLI=1).

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

export type Logger = pino.Logger;

function createLogger(): Logger {
  const cli = process.env.CASCADE_CLI === "1";
  const asked = process.env.LOG_LEVEL?.trim().toLowerCase();
  const level = asked && LEVELS.has(asked) ? asked : cli ? "silent" : "info";
  const logger = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names, not numbers: `"level":"warn"` is what people grep for.
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: cli ? 2 : 1, sync: true }),
  );
  if (asked && !LEVELS.has(asked)) logger.warn({ LOG_LEVEL: asked }, `LOG_LEVEL must be one of ${[...LEVELS].join(", ")}; using ${level}`);
  return logger;
}

export function getLogger(): Logger {
  return processSingleton("logger", createLogger);
}

/** The message and, for unexpected errors, the stack: what a log line needs of an error (never a config value). */
export function errorFields(error: unknown): { err: { message: string; name?: string; stack?: string } } {
  if (error instanceof Error) return { err: { name: error.name, message: error.message, stack: error.stack } };
  return { err: { message: String(error) } };
}
