import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import type { BoardView } from "@/components/hooks/board-query";
import type { Board } from "@/lib/contracts/board";
import { type Locale, pickLocale, renderBoard } from "@/lib/messages";
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { AppError } from "@/server/errors";

// What a server-rendered page knows about its request, read in one place: the headers (cookie, Host, later
// Accept-Language) and the query string (view, later lang). React's `cache` makes it once per request, shared by
// generateMetadata and the page.

export type SearchParams = Record<string, string | string[] | undefined>;

export interface PageContext {
  /** The page request as the guard reads it: same headers (cookie, Host, Authorization). */
  request: Request;
  view: BoardView;
  /** `?lang=` first, then the browser's Accept-Language. */
  locale: Locale;
  searchParams: SearchParams;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The headers of the request being rendered, as a `Request` the route guards accept. */
export const readPageRequest = cache(async (): Promise<Request> => {
  const incoming = await headers();
  const host = incoming.get("host") ?? "127.0.0.1";
  return new Request(`http://${host}/`, { headers: new Headers(incoming) });
});

export async function readPageContext(searchParams: Promise<SearchParams>): Promise<PageContext> {
  const params = await searchParams;
  const request = await readPageRequest();
  return {
    request,
    view: first(params.view) === "engineer" ? "engineer" : "executive",
    locale: pickLocale(first(params.lang), request.headers.get("accept-language")),
    searchParams: params,
  };
}

/** The board for the page: ready, refused (with the guard's status and words), or not collected this time. */
export type PageBoard = { state: "ready"; board: Board } | { state: "denied"; status: number; message: string } | { state: "unavailable" };

/**
 * Authorises the page's own request from its cookie (the same guard as GET /api/board) and reads the cached board.
 * A collection that fails leaves the page to the browser's own fetch, which shows the error and retries.
 */
export const loadPageBoard = cache(async (locale: Locale): Promise<PageBoard> => {
  const request = await readPageRequest();
  try {
    await authorize(request, "viewer", { stateChanging: false });
  } catch (error) {
    if (error instanceof AppError) return { state: "denied", status: error.status, message: error.message };
    throw error;
  }
  try {
    return { state: "ready", board: renderBoard(await getBoardCache().get(), locale) };
  } catch {
    return { state: "unavailable" };
  }
});
