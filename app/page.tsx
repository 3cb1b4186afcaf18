// GET / – the live board: rendered on the server with the first board already in React Query's cache (no skeleton
// first), then kept live in the browser by GET /api/board/stream.
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { BoardPage } from "@/components/board-page";
import { BOARD_QUERY_KEY } from "@/components/hooks/board-query";
import { createQueryClient } from "@/components/query-client";
import { APP_ICON_180, statusIconHref, statusTitle } from "@/components/status-style";
import { summaryView } from "@/lib/messages/board-views";
import { loadPageBoard, readPageContext, type SearchParams } from "@/server/http/page-context";

/** The tab's title and favicon tell the status from the first byte, before any JavaScript runs. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const context = await readPageContext(searchParams);
  const loaded = await loadPageBoard(context.locale);
  const status = loaded.state === "ready" ? loaded.board.status : null;
  return { title: statusTitle(status), icons: { icon: statusIconHref(status), apple: APP_ICON_180 } };
}

export default async function Home({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const context = await readPageContext(searchParams);
  const loaded = await loadPageBoard(context.locale);
  const queryClient = createQueryClient();
  // The page keeps the summary view (no panels): an opened dashboard asks for its own.
  if (loaded.state === "ready") queryClient.setQueryData(BOARD_QUERY_KEY, summaryView(loaded.board));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BoardPage
        initialView={context.view}
        locale={context.locale}
        denied={loaded.state === "denied" ? { status: loaded.status, message: loaded.message } : null}
      />
    </HydrationBoundary>
  );
}
