import "server-only";
import fs from "node:fs";
import { loadConfigFile, resolveConfigPath, resolveDataDir } from "./load";
import type { CascadeConfig } from "./schema";

// The one place the app reads its environment and config file. Loaded once per process: a changed cascade.yaml
// takes effect on restart, the same as for Prometheus without a reload.

export { ConfigError } from "./load";
export type { CascadeConfig } from "./schema";

export interface AppSettings {
  configPath: string;
  dataDir: string;
  config: CascadeConfig;
  /** postgres://... : the store is PostgreSQL, shared by replicas; null: SQLite in the data directory. */
  databaseUrl: string | null;
}

let settings: AppSettings | undefined;

export function getSettings(): AppSettings {
  if (!settings) {
    const configPath = resolveConfigPath(process.argv.slice(2));
    const config = loadConfigFile(configPath);
    const dataDir = resolveDataDir();
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    settings = { configPath, dataDir, config, databaseUrl: process.env.DATABASE_URL?.trim() || null };
  }
  return settings;
}
