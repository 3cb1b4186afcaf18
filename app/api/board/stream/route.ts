// GET /api/board/stream – Server-Sent Events: `board` events with the full board JSON, on each Docker event and every refresh interval
import { renderBoard, requestLocale } from "@/lib/messages";
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { getSettings } from "@/server/config";
import { toErrorResponse } from "@/server/errors";
import { sseResponse } from "@/server/http/sse";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";

export const dynamic = "force-dynamic";

/** Docker sends several events for one change (kill, die, stop): wait this long and push once. */
const EVENT_DEBOUNCE_MS = 100;

export async function GET(request: Request) {
  try {
    authorize(request, "viewer", { stateChanging: false });
  } catch (error) {
    return toErrorResponse(error);
  }
  const { refreshMs } = getSettings().config.timeouts;
  const cache = getBoardCache();
  const locale = requestLocale(request);
  return sseResponse(request, (channel) => {
    const push = () =>
      cache.get().then(
        (board) => channel.send("board", renderBoard(board, locale)),
        (error: unknown) => channel.send("failure", { message: error instanceof Error ? error.message : String(error) }),
      );
    let debounce: NodeJS.Timeout | undefined;
    const unsubscribe = getDockerEventFeed().subscribe(() => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void push(), EVENT_DEBOUNCE_MS);
    });
    const refresh = setInterval(() => void push(), refreshMs);
    void push();
    return () => {
      clearTimeout(debounce);
      clearInterval(refresh);
      unsubscribe();
    };
  });
}
