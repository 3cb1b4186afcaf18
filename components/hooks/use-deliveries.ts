"use client";

import { useQuery } from "@tanstack/react-query";
import type { DeliveryList } from "@/lib/contracts/notify";
import { apiFetch } from "./api";

/** The notifications sent (or being retried) for one incident; operators only, so a viewer's 401/403 is not retried. */
export function useDeliveries(incident: string) {
  return useQuery({
    queryKey: ["incident-deliveries", incident],
    queryFn: () => apiFetch<DeliveryList>(`/api/notify/deliveries?incident=${encodeURIComponent(incident)}`),
    refetchInterval: 5_000,
    retry: (count, error) => ![401, 403].includes((error as { status?: number }).status ?? 0) && count < 3,
  });
}
