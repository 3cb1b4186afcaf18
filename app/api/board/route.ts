// GET /api/board?lang=de&view=summary – one observation of the watched stack as JSON (schema: lib/contracts/board.ts;
// ?view=summary: lib/contracts/board-views.ts, no panels; `cascade.warnings`: lib/contracts/notify.ts), in ?lang= or Accept-Language
import { NextResponse } from "next/server";
import { renderBoard, requestLocale } from "@/lib/messages";
import { summaryView } from "@/lib/messages/board-views";
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { AppError, toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";
import { boardMaintenance } from "@/server/maintenance/board";
import { cascadeWarnings } from "@/server/notify/warnings";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await authorize(request, "viewer", { stateChanging: false });
    const view = new URL(request.url).searchParams.get("view");
    if (view !== null && view !== "summary" && view !== "full")
      throw new AppError("bad_request", `Unknown view "${view}": use view=summary, or no view for the whole board.`, 400);
    const locale = requestLocale(request);
    const board = renderBoard(await getBoardCache().get(), locale);
    // Beside the board, never part of its status: an active maintenance window, and warnings about Cascade itself
    // (a failing notification channel).
    const maintenance = await boardMaintenance(locale);
    const cascade = { warnings: await cascadeWarnings(locale) };
    return NextResponse.json(
      { ...(view === "summary" ? summaryView(board) : board), maintenance, cascade },
      {
        headers: { "cache-control": "no-store", vary: "accept-language" },
      },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
