"use client";

import { useQuery } from "@tanstack/react-query";
import { boardSchema, type Board } from "@/lib/contracts/board";

export const BOARD_REFRESH_MS = 5_000;

async function fetchBoard(): Promise<Board> {
  const response = await fetch("/api/board", { cache: "no-store" });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${response.status}`;
    throw new Error(message);
  }
  return boardSchema.parse(body);
}

export function useBoard() {
  return useQuery({ queryKey: ["board"], queryFn: fetchBoard, refetchInterval: BOARD_REFRESH_MS });
}
