"use client";

import { useMutation } from "@tanstack/react-query";
import type { CreatedSnapshot } from "@/lib/contracts/snapshot";
import { apiFetch } from "./api";

export interface SnapshotOptions {
  title?: string;
  note?: string;
  expiresInDays: number;
  engineerDetails: boolean;
}

export function useCreateSnapshot() {
  return useMutation({
    mutationFn: (options: SnapshotOptions) => apiFetch<CreatedSnapshot>("/api/snapshots", { method: "POST", body: options }),
  });
}
