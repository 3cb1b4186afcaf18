import "server-only";
import path from "node:path";
import { getSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";
import { openSqliteStore } from "./sqlite-store";
import type { CascadeStore } from "./types";

export type { AuditInput, CascadeStore } from "./types";

/** The process's store: SQLite at <data dir>/cascade.db. */
export function getStore(): CascadeStore {
  return processSingleton("store", () => openSqliteStore(path.join(getSettings().dataDir, "cascade.db")));
}
