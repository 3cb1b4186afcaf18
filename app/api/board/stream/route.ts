// GET /api/board/stream – Server-Sent Events: a `board` event with the summary view (GET /api/board?view=summary) when a
// verdict changed, else a small `checked` event ({"generatedAt"}) at each refresh; a heartbeat comment keeps the
// connection open; a `failure` event carries the JSON routes' error body ({"error": {"code", "message"}}).
import { renderBoard, requestLocale } from "@/lib/messages";
import { summaryView } from "@/lib/messages/board-views";
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
  // What this viewer was last sent: a quiet stack costs it a few bytes a refresh, not the board each time.
  let sentVerdicts: string | null = null;
  return sseResponse(request, (channel) =>
    subscribeToBoard((update) => {
      if ("board" in update) {
        if (update.verdicts === sentVerdicts) return channel.send("checked", { generatedAt: update.board.generatedAt });
        sentVerdicts = update.verdicts;
        return channel.send("board", summaryView(renderBoard(update.board, locale)));
      }
      sentVerdicts = null; // after a failure, the next board is sent whatever it says
      // The same mapping as every JSON route, so the page reads one error shape.
      void toErrorResponse(update.error)
        .json()
        .then((body: unknown) => channel.send("failure", body));
    }),
  );
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
