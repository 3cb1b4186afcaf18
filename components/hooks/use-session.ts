"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SessionInfo } from "@/lib/contracts/operations";
import { apiFetch } from "./api";

export function useSession() {
  return useQuery({ queryKey: ["session"], queryFn: () => apiFetch<SessionInfo>("/api/session"), staleTime: 30_000 });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => apiFetch<SessionInfo>("/api/session", { method: "POST", body: { token } }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ signedIn: false }>("/api/session", { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

export const canAct = (session: SessionInfo | undefined) => session?.role === "operator" || session?.role === "admin";
