import "server-only";

// Stored data carries a schema version (the `schema_version` table, one row). Each store migrates forward on start,
// in one transaction, from whatever version it finds: 0 is a database written before versions existed (its tables
// are those of version 1). A database newer than this code is never touched: Cascade stops with StoreVersionError.

/** The version this code writes. Bump it with a new entry at the end of both migration lists. */
export const SCHEMA_VERSION = 5;

export class StoreVersionError extends Error {
  constructor(
    readonly where: string,
    readonly found: number,
  ) {
    super(`the store at ${where} has schema version ${found}, newer than this Cascade (${SCHEMA_VERSION}): upgrade Cascade`);
    this.name = "StoreVersionError";
  }
}

/** The migrations to run from `found` up to SCHEMA_VERSION, or StoreVersionError when `found` is newer. */
export function pendingMigrations(migrations: readonly string[], found: number, where: string): string[] {
  if (migrations.length !== SCHEMA_VERSION) throw new Error(`expected ${SCHEMA_VERSION} migrations, have ${migrations.length}`);
  if (found > SCHEMA_VERSION) throw new StoreVersionError(where, found);
  return migrations.slice(found);
}
