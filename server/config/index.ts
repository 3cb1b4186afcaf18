import "server-only";
import fs from "node:fs";
import { processSingleton } from "@/server/process-singleton";
import { type AppSettings, loadSettings } from "./settings";

// The app's settings, loaded once per process by the one loader (settings.ts): a changed cascade.yaml takes effect
// on restart, the same as for Prometheus without a reload.

export { ConfigError } from "./load";
export type { CascadeConfig, ContainerSelector, EngineConfig, WatchedContainer } from "./schema";
export type { AppSettings } from "./settings";

export function getSettings(): AppSettings {
  return processSingleton("settings", () => {
    const settings = loadSettings();
    fs.mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
    return settings;
  });
}
