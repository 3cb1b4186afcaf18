import "server-only";
import type { MaintenanceWindow } from "@/lib/maintenance/windows";
import type { SqlExecutor } from "./watch-store";

// Maintenance windows (schema version 4), in SQL that SQLite and PostgreSQL both run, like watch-store.ts. A window
// that has ended stays: uptime reads past windows to leave their time out.

export interface MaintenanceStore {
  createMaintenanceWindow(window: MaintenanceWindow): Promise<void>;
  /** Windows that end after `after` (current and upcoming ones, or every one in a past range), oldest start first. */
  listMaintenanceWindows(options: { endingAfter: Date; startingBefore?: Date }): Promise<MaintenanceWindow[]>;
  /**
   * Ends a window at `now`: a running one is cut short (kept, for uptime), an upcoming one is removed. Returns the
   * window as it was, or null when none with this id is running or upcoming.
   */
  endMaintenanceWindow(id: string, now: Date): Promise<MaintenanceWindow | null>;
}

interface WindowRow {
  id: string;
  from_at: string;
  until_at: string;
  reason: string;
  containers: string | null;
  created_by: string;
  created_at: string;
}

const toWindow = (row: WindowRow): MaintenanceWindow => ({
  id: row.id,
  from: row.from_at,
  until: row.until_at,
  reason: row.reason,
  containers: row.containers === null ? null : (JSON.parse(row.containers) as string[]),
  createdBy: row.created_by,
  createdAt: row.created_at,
});

const COLUMNS = "id, from_at, until_at, reason, containers, created_by, created_at";

export function createMaintenanceStore(db: SqlExecutor): MaintenanceStore {
  return {
    async createMaintenanceWindow(window) {
      await db.run(`INSERT INTO maintenance_windows (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
        window.id,
        window.from,
        window.until,
        window.reason,
        window.containers === null ? null : JSON.stringify(window.containers),
        window.createdBy,
        window.createdAt,
      ]);
    },
    async listMaintenanceWindows({ endingAfter, startingBefore }) {
      const rows = await db.all<WindowRow>(
        `SELECT ${COLUMNS} FROM maintenance_windows WHERE until_at > ? AND from_at < ? ORDER BY from_at, id`,
        [endingAfter.toISOString(), startingBefore?.toISOString() ?? "9999-12-31T23:59:59.999Z"],
      );
      return rows.map(toWindow);
    },
    async endMaintenanceWindow(id, now) {
      const at = now.toISOString();
      return db.transaction(async (tx) => {
        const [row] = await tx.all<WindowRow>(`SELECT ${COLUMNS} FROM maintenance_windows WHERE id = ? AND until_at > ?`, [id, at]);
        if (!row) return null;
        // Conditional on the row still being current, so two replicas ending it at once end it once.
        if (row.from_at > at) await tx.run("DELETE FROM maintenance_windows WHERE id = ? AND until_at > ?", [id, at]);
        else await tx.run("UPDATE maintenance_windows SET until_at = ? WHERE id = ? AND until_at > ?", [at, id, at]);
        return toWindow(row);
      });
    },
  };
}
