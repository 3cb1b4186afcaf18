"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Action } from "@/lib/contracts/diagnosis";
import type { ActionResult } from "@/lib/contracts/operations";
import { apiFetch } from "./api";

const PATHS = { restart: "restart", start: "start", "set-restart-policy": "restart-policy" } as const;

/** One button's action; the board refreshes as soon as it is done. */
export function useContainerAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: Action) => {
      if (action.kind === "advice" || !action.container) throw new Error("advice has no button");
      const body = action.kind === "set-restart-policy" ? { name: action.policy } : undefined;
      return apiFetch<ActionResult>(`/api/containers/${encodeURIComponent(action.container)}/${PATHS[action.kind]}`, {
        method: "POST",
        body,
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["board"] }),
  });
}
