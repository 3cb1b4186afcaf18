"use client";

import { useQuery } from "@tanstack/react-query";
import type { MaintenanceList } from "@/lib/maintenance/contract";
import type { Locale } from "@/lib/messages/types";
import { apiFetch } from "./api";

/** Current and upcoming maintenance windows, with a line about the running one in the page's locale. */
export function useMaintenance(locale: Locale) {
  return useQuery({
    queryKey: ["maintenance", locale],
    queryFn: () => apiFetch<MaintenanceList>(`/api/maintenance?lang=${locale}`),
    refetchInterval: 15_000,
  });
}
