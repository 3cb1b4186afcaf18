// Start-up checks: a broken cascade.yaml stops the server before it serves anything (one line, exit code 3), and so
// does a store written by a newer Cascade (exit code 4) or a data directory it cannot write (exit code 5); the store
// is migrated forward here. With no auth.tokens configured, the operator token is created in the data directory and
// its place is printed. Every line is one JSON object (server/log); each request is logged from here on.
import fs from "node:fs";
import path from "node:path";
import { ensureGeneratedToken } from "./server/auth/generated-token";
import { ConfigError } from "./server/config/load";
import { type AppSettings, loadSettings } from "./server/config/settings";
import { errorFields, getLogger } from "./server/log/logger";
import { installRequestLog } from "./server/log/request-log";
import { openStore } from "./server/store";
import { StoreVersionError } from "./server/store/schema-version";

const log = getLogger();
installRequestLog();

let settings: AppSettings;
try {
  settings = loadSettings();
} catch (error) {
  log.fatal(error instanceof ConfigError ? error.message : String(error));
  process.exit(3);
}

// SQLite and the generated token live in the data directory: a read-only or foreign-owned one is said at once.
if (!settings.databaseUrl || settings.config.auth.tokens.length === 0) checkDataDir(settings.dataDir);

if (settings.config.auth.tokens.length === 0) {
  const { file, created } = ensureGeneratedToken(settings.dataDir);
  log.info(
    { file },
    `no auth.tokens in cascade.yaml: ${created ? "created" : "using"} the operator token in ${file} (mode 0600); sign in with it to act on containers`,
  );
}

// Opened and closed again: the process's own store (server/store) opens lazily, on first use. A SQLite file that
// does not exist yet has no version to check; it is created, at the current version, when first needed.
const sqliteFile = path.join(settings.dataDir, "cascade.db");
if (settings.databaseUrl || fs.existsSync(sqliteFile)) await checkStore();

function checkDataDir(dataDir: string) {
  const probe = path.join(dataDir, `.write-test-${process.pid}`);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const who = typeof process.getuid === "function" ? `uid ${process.getuid()}` : "this user";
    log.fatal(
      { dataDir, code },
      `the data directory ${dataDir} is not writable by ${who} (${code}): mount a volume there that this user can write (or set CASCADE_DATA_DIR)`,
    );
    process.exit(5);
  }
}

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
      log.fatal(error.message);
      process.exit(4);
    }
    // Unreachable or unusable now: the board still serves, and every write refuses with the reason (fail closed).
    log.error(errorFields(error), `the store is not usable yet: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// The watcher collects from now on, whether or not anyone looks (server/watcher).
const { startWatching } = await import("./server/watcher/start");
startWatching();
