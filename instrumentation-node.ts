// Start-up checks: a broken cascade.yaml stops the server before it serves anything (one line, exit code 3), and so
// does a store written by a newer Cascade (exit code 4); the store is migrated forward here. With no auth.tokens
// configured, the operator token is created in the data directory and its place is printed.
import fs from "node:fs";
import path from "node:path";
import { ensureGeneratedToken } from "./server/auth/generated-token";
import { ConfigError } from "./server/config/load";
import { type AppSettings, loadSettings } from "./server/config/settings";
import { openStore } from "./server/store";
import { StoreVersionError } from "./server/store/schema-version";

let settings: AppSettings;
try {
  settings = loadSettings();
  if (settings.config.auth.tokens.length === 0) {
    const { file, created } = ensureGeneratedToken(settings.dataDir);
    console.log(
      `cascade: no auth.tokens in cascade.yaml: ${created ? "created" : "using"} the operator token in ${file} (mode 0600); sign in with it to act on containers`,
    );
  }
} catch (error) {
  console.error(`cascade: ${error instanceof ConfigError ? error.message : String(error)}`);
  process.exit(3);
}

// Opened and closed again: the process's own store (server/store) opens lazily, on first use. A SQLite file that
// does not exist yet has no version to check; it is created, at the current version, when first needed.
const sqliteFile = path.join(settings.dataDir, "cascade.db");
if (settings.databaseUrl || fs.existsSync(sqliteFile)) await checkStore();

async function checkStore() {
  try {
    const store = openStore(settings);
    try {
      await store.ready();
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof StoreVersionError) {
      console.error(`cascade: ${error.message}`);
      process.exit(4);
    }
    // Unreachable or unusable now: the board still serves, and every write refuses with the reason (fail closed).
    console.error(`cascade: the store is not usable yet: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// The watcher collects from now on, whether or not anyone looks (server/watcher).
const { startWatching } = await import("./server/watcher/start");
startWatching();
