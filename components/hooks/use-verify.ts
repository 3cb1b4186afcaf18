"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { VerifyRun } from "@/lib/contracts/operations";
import { apiFetch } from "./api";

/**
 * A verify run as it happens: streamed from GET /api/verify/{id}/events (one event per step change); while the
 * stream is broken the query polls GET /api/verify/{id} every half second instead.
 */
export function useVerifyRun(id: string | null) {
  const queryClient = useQueryClient();
  const [streaming, setStreaming] = useState(false);
  useEffect(() => {
    if (id === null) return;
    const source = new EventSource(`/api/verify/${encodeURIComponent(id)}/events`);
    source.addEventListener("run", (event) => {
      const run = JSON.parse((event as MessageEvent<string>).data) as VerifyRun;
      queryClient.setQueryData(["verify", id], run);
      setStreaming(true);
      if (run.status !== "running") source.close();
    });
    source.onerror = () => {
      setStreaming(false);
      source.close();
    };
    return () => source.close();
  }, [id, queryClient]);
  return useQuery({
    queryKey: ["verify", id],
    queryFn: () => apiFetch<VerifyRun>(`/api/verify/${encodeURIComponent(id!)}`),
    enabled: id !== null,
    refetchInterval: (query) => (!streaming && (query.state.data?.status === "running" || !query.state.data) ? 500 : false),
  });
}

export function useStartVerify(onStarted: (run: VerifyRun) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<VerifyRun>("/api/verify", { method: "POST" }),
    onSuccess: (run) => {
      queryClient.setQueryData(["verify", run.id], run);
      onStarted(run);
    },
  });
}
