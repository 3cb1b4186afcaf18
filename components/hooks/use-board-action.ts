"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Action } from "@/lib/contracts/diagnosis";
import type { ActionResult } from "@/lib/contracts/operations";
import type { ServiceActionResult } from "@/lib/contracts/services";
import { apiFetch } from "./api";

/** A service's scale from the services list: not a cause's fix (scaling down is a choice the board does not make). */
export interface ScaleServiceRequest {
  kind: "scale-service";
  service: string;
  replicas: number;
}

/** What a button asks for: a cause's fix (a container's or a service's), or a scale. */
export type BoardAction = Pick<Action, "kind" | "container" | "policy" | "service"> | ScaleServiceRequest;

const CONTAINER_PATHS = { restart: "restart", start: "start", "set-restart-policy": "restart-policy" } as const;

/** The route and body of an action: POST /api/containers/{name}/{action} or /api/services/{name}/{action}. */
export function actionRequest(action: BoardAction): { url: string; body?: unknown } {
  const path = (kind: "containers" | "services", name: string | null | undefined, verb: string) => {
    if (!name) throw new Error(`the ${action.kind} button names no ${kind === "containers" ? "container" : "service"}`);
    return `/api/${kind}/${encodeURIComponent(name)}/${verb}`;
  };
  switch (action.kind) {
    case "advice":
      throw new Error("advice has no button");
    case "scale-service":
      return { url: path("services", action.service, "scale"), body: { replicas: action.replicas } };
    case "restart-service":
      return { url: path("services", action.service, "restart") };
    case "set-restart-policy":
      return { url: path("containers", action.container, CONTAINER_PATHS[action.kind]), body: { name: action.policy } };
    default:
      return { url: path("containers", action.container, CONTAINER_PATHS[action.kind]) };
  }
}

/** One button's action; the board refreshes as soon as it is done. */
export function useBoardAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: BoardAction) => {
      const { url, body } = actionRequest(action);
      return apiFetch<ActionResult | ServiceActionResult>(url, { method: "POST", body });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["board"] }),
  });
}
