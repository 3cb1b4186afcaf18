// GET /api/board/stream – Server-Sent Events: `board` events with the full board JSON, on each Docker event and every refresh interval
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { toErrorResponse } from "@/server/errors";
import { getSettings } from "@/server/config";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;
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
  const encoder = new TextEncoder();
  let stop = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const push = () =>
        cache.get().then(
          (board) => write(`event: board\ndata: ${JSON.stringify(board)}\n\n`),
          (error: unknown) => write(`event: failure\ndata: ${JSON.stringify({ message: error instanceof Error ? error.message : String(error) })}\n\n`),
        );
      let debounce: NodeJS.Timeout | undefined;
      const unsubscribe = getDockerEventFeed().subscribe(() => {
        clearTimeout(debounce);
        debounce = setTimeout(() => void push(), EVENT_DEBOUNCE_MS);
      });
      const refresh = setInterval(() => void push(), refreshMs);
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        clearTimeout(debounce);
        clearInterval(refresh);
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", stop);
      write(`retry: 2000\n\n`);
      void push();
    },
    cancel() {
      stop();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
