"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IncidentDetail, IncidentList } from "@/lib/contracts/incidents";
import type { Locale } from "@/lib/messages/types";
import { apiFetch } from "./api";

/** Incidents newest first (the watcher writes them; this only reads), in the page's locale. */
export function useIncidents(locale: Locale, options: { status?: "open" | "resolved"; limit?: number; before?: string | null } = {}) {
  const params = new URLSearchParams({ lang: locale, limit: String(options.limit ?? 50) });
  if (options.status) params.set("status", options.status);
  if (options.before) params.set("before", options.before);
  return useQuery({
    queryKey: ["incidents", locale, options.status ?? "all", options.limit ?? 50, options.before ?? null],
    queryFn: () => apiFetch<IncidentList>(`/api/incidents?${params}`),
    refetchInterval: 5_000,
  });
}

export function useIncident(id: string, locale: Locale) {
  return useQuery({
    queryKey: ["incident", id, locale],
    queryFn: () => apiFetch<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}?lang=${locale}`),
    refetchInterval: 5_000,
  });
}

export function useAcknowledge(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (note: string) =>
      apiFetch<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}/acknowledge`, { method: "POST", body: { note } }),
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith("incident") }),
  });
}
