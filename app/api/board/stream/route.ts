// GET /api/board/stream – Server-Sent Events: `board` events with the full board JSON, on each Docker event and every
// refresh interval; a `failure` event carries the JSON routes' error body ({"error": {"code", "message"}}).
import { renderBoard, requestLocale } from "@/lib/messages";
import { authorize } from "@/server/auth/guard";
import { subscribeToBoard } from "@/server/collect/subscribe-to-board";
import { toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";
import { sseResponse } from "@/server/http/sse";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await authorize(request, "viewer", { stateChanging: false });
  } catch (error) {
    return toErrorResponse(error);
  }
  const locale = requestLocale(request);
  return sseResponse(request, (channel) =>
    subscribeToBoard((update) => {
      if ("board" in update) return channel.send("board", renderBoard(update.board, locale));
      // The same mapping as every JSON route, so the page reads one error shape.
      void toErrorResponse(update.error)
        .json()
        .then((body: unknown) => channel.send("failure", body));
    }),
  );
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
