"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { BoardLike as Board } from "@/lib/contracts/board-views";
import { apiFetch } from "./api";
import { BOARD_QUERY_KEY } from "./board-query";

export const BOARD_REFRESH_MS = 5_000;
export type StreamState = "connecting" | "live" | "broken";

/**
 * The server builds the board from the zod-typed contract (lib/contracts/board.ts) and its tests validate it; the
 * browser only checks the shape's outline, which keeps zod out of the page's JavaScript.
 */
function asBoard(value: unknown): Board | null {
  const board = value as Partial<Board> | null;
  return board &&
    typeof board.generatedAt === "string" &&
    typeof board.status === "string" &&
    Array.isArray(board.dashboards) &&
    board.summary
    ? (board as Board)
    : null;
}

/** A `failure` event carries the JSON routes' error body: `{"error": {"code", "message"}}`. */
function failureMessage(data: string): string {
  try {
    const body = JSON.parse(data) as { error?: { message?: unknown } } | null;
    if (typeof body?.error?.message === "string") return body.error.message;
  } catch {
    // not JSON: say so below
  }
  return "the server could not collect the board";
}

async function fetchBoard(locale: string): Promise<Board> {
  const board = asBoard(await apiFetch<unknown>(`/api/board?view=summary&lang=${locale}`));
  if (!board) throw new Error("the server answered something that is not a board");
  return board;
}

/**
 * The live board, in its summary view (no panels; GET /api/dashboards/{uid} brings one dashboard's): `board` events from GET /api/board/stream land in React Query's cache (which the server filled
 * before the first paint); while the stream is broken the query polls instead, so the page never silently stops
 * updating. `failure` is the last update's error (stream or poll), until the next board arrives.
 */
export function useBoard(locale = "en") {
  const queryClient = useQueryClient();
  const [stream, setStream] = useState<StreamState>("connecting");
  const [failure, setFailure] = useState<{ message: string; at: number } | null>(null);

  useEffect(() => {
    const source = new EventSource(`/api/board/stream?lang=${locale}`);
    source.addEventListener("board", (event) => {
      const board = asBoard(JSON.parse((event as MessageEvent<string>).data));
      if (board) queryClient.setQueryData(BOARD_QUERY_KEY, board);
      setFailure(null);
      setStream("live");
    });
    // Nothing judged differently since the last board: only its time moves on.
    source.addEventListener("checked", (event) => {
      const { generatedAt } = JSON.parse((event as MessageEvent<string>).data) as { generatedAt?: unknown };
      if (typeof generatedAt === "string")
        queryClient.setQueryData<Board>(BOARD_QUERY_KEY, (board) => (board ? { ...board, generatedAt } : board));
      setFailure(null);
      setStream("live");
    });
    source.addEventListener("failure", (event) =>
      setFailure({ message: failureMessage((event as MessageEvent<string>).data), at: Date.now() }),
    );
    source.onopen = () => setStream("live");
    source.onerror = () => setStream("broken"); // EventSource reconnects by itself; polling covers the gap
    return () => source.close();
  }, [queryClient, locale]);

  const query = useQuery({
    queryKey: BOARD_QUERY_KEY,
    queryFn: () => fetchBoard(locale),
    refetchInterval: stream === "live" ? false : BOARD_REFRESH_MS,
    retry: (failures, error) => (error as { status?: number }).status !== 401 && failures < 1,
  });
  // A board that arrived after the failure (by polling) ends it; a failed poll while a board is shown is one too.
  const streamFailure = failure && failure.at >= query.dataUpdatedAt ? failure.message : null;
  const pollFailure = query.isError && query.data ? query.error.message : null;
  return { ...query, stream, failure: streamFailure ?? pollFailure };
}
