import "server-only";
import type { MaintenanceWindowView } from "@/lib/maintenance/contract";
import { activeWindows } from "@/lib/maintenance/windows";
import { type Locale, makeRenderer } from "@/lib/messages";
import { currentWindows } from "./windows";

/** What the board shows about maintenance: the running windows, and one line about them in the reader's locale. */
export interface BoardMaintenance {
  active: MaintenanceWindowView[];
  notice: string | null;
}

/** Never fails the board: a store that cannot say shows no window. */
export async function boardMaintenance(locale: Locale, now = new Date()): Promise<BoardMaintenance> {
  const windows = activeWindows(await currentWindows(now).catch(() => []), now);
  if (windows.length === 0) return { active: [], notice: null };
  const { text } = makeRenderer(locale, now);
  // The one ending last is the one people plan around; the others are listed in `active`.
  const last = [...windows].sort((a, b) => Date.parse(b.until) - Date.parse(a.until))[0]!;
  const notice = text({
    key: "maintenance.board.active",
    params: { until: last.until.replace(/\.\d{3}Z$/, "Z"), reason: last.reason, containers: last.containers?.join(", ") ?? null },
  });
  return { active: windows.map((window) => ({ ...window, active: true })), notice };
}
