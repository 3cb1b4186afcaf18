import { type Env, loadConfigFile, resolveConfigPath, resolveDataDir } from "./load";
import type { CascadeConfig } from "./schema";

// The one config loader: the CLI (bin/cascade.mjs, server/cli), the start-up checks (instrumentation-node.ts) and
// the server (server/config/index.ts) all read the environment and cascade.yaml through loadSettings. Free of
// `server-only` so the CLI and the start-up code can call it.

export interface AppSettings {
  configPath: string;
  dataDir: string;
  config: CascadeConfig;
  /** postgres://... : the store is PostgreSQL, shared by replicas; null: SQLite in the data directory. */
  databaseUrl: string | null;
}

/** Throws ConfigError (file, line, key, reason) when cascade.yaml cannot be used. */
export function loadSettings(argv: readonly string[] = process.argv.slice(2), env: Env = process.env): AppSettings {
  const configPath = resolveConfigPath(argv, env);
  return {
    configPath,
    config: loadConfigFile(configPath, env),
    dataDir: resolveDataDir(env),
    databaseUrl: env.DATABASE_URL?.trim() || null,
  };
}
