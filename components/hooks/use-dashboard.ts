"use client";

import { useQuery } from "@tanstack/react-query";
import type { DashboardDetail } from "@/lib/contracts/board-views";
import { apiFetch } from "./api";

/** One opened dashboard with its panels (GET /api/dashboards/{uid}); the server brings its queries up to date. */
export function useDashboard(uid: string | null, locale: string, enabled: boolean) {
  return useQuery({
    queryKey: ["dashboard", uid, locale],
    queryFn: () => apiFetch<DashboardDetail>(`/api/dashboards/${encodeURIComponent(uid ?? "")}?lang=${locale}`),
    enabled: enabled && uid !== null,
    staleTime: 5_000,
  });
}
