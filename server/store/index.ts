import "server-only";
import path from "node:path";
import { getSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";
import { openPostgresStore } from "./postgres-store";
import { openSqliteStore } from "./sqlite-store";
import type { CascadeStore } from "./types";

export type { AuditInput, CascadeStore } from "./types";

/**
 * The process's store: PostgreSQL when DATABASE_URL is set (replicas share it), else SQLite at <data dir>/cascade.db.
 * A DATABASE_URL that is set but not postgres:// or postgresql:// is not silently replaced by a local SQLite file
 * (each replica would keep its own audit log): the PostgreSQL store then rejects every call with the reason, so
 * state-changing actions fail closed.
 */
export function getStore(): CascadeStore {
  return processSingleton("store", () => {
    const { databaseUrl, dataDir } = getSettings();
    if (databaseUrl) return openPostgresStore(databaseUrl);
    return openSqliteStore(path.join(dataDir, "cascade.db"));
  });
}
