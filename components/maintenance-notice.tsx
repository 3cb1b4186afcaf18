"use client";

import type { Locale } from "@/lib/messages/types";
import { useMaintenance } from "./hooks/use-maintenance";

/** One line while a maintenance window runs: incidents are still recorded, nobody is notified. */
export function MaintenanceNotice({ locale }: { locale: Locale }) {
  const maintenance = useMaintenance(locale);
  const notice = maintenance.data?.notice;
  if (!notice) return null;
  return (
    <p
      role="status"
      data-testid="maintenance-notice"
      className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-700 dark:bg-sky-950/60 dark:text-sky-50"
    >
      {notice}
    </p>
  );
}
