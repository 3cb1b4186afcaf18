"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { VerifyRun } from "@/lib/contracts/operations";
import { apiFetch } from "./api";

/** The latest verify run; polled every half second while it runs, so its steps appear as they finish. */
export function useVerifyRun(id: string | null) {
  return useQuery({
    queryKey: ["verify", id],
    queryFn: () => apiFetch<VerifyRun>(`/api/verify/${encodeURIComponent(id!)}`),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? 500 : false),
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
