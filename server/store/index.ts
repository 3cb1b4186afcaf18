import "server-only";
import path from "node:path";
import { getSettings } from "@/server/config";
import type { AppSettings } from "@/server/config/settings";
import { processSingleton } from "@/server/process-singleton";
import { openPostgresStore } from "./postgres-store";
import { openSqliteStore } from "./sqlite-store";
import type { CascadeStore } from "./types";

export type { AuditInput, CascadeStore } from "./types";

/**
 * A store for these settings: PostgreSQL when DATABASE_URL is set (replicas share it), else SQLite at
 * <data dir>/cascade.db. A DATABASE_URL that is set but not postgres:// or postgresql:// is not silently replaced by
 * a local SQLite file (each replica would keep its own audit log): the PostgreSQL store then rejects every call with
 * the reason, so state-changing actions fail closed.
 */
export function openStore({ databaseUrl, dataDir }: Pick<AppSettings, "databaseUrl" | "dataDir">): CascadeStore {
  if (databaseUrl) return openPostgresStore(databaseUrl);
  return openSqliteStore(path.join(dataDir, "cascade.db"));
}

/** The process's store. */
export function getStore(): CascadeStore {
  return processSingleton("store", () => openStore(getSettings()));
}
