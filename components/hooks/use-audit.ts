"use client";

import { useQuery } from "@tanstack/react-query";
import type { AuditEntry } from "@/lib/contracts/operations";
import { apiFetch } from "./api";

export function useAudit() {
  return useQuery({
    queryKey: ["audit"],
    queryFn: () => apiFetch<{ entries: AuditEntry[] }>("/api/audit?limit=200"),
    refetchInterval: 5_000,
  });
}
