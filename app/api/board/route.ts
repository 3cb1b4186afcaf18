// GET /api/board?lang=de – one observation of the watched stack as JSON (schema: lib/contracts/board.ts), in ?lang= or Accept-Language
import { NextResponse } from "next/server";
import { renderBoard, requestLocale } from "@/lib/messages";
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await authorize(request, "viewer", { stateChanging: false });
    const board = renderBoard(await getBoardCache().get(), requestLocale(request));
    return NextResponse.json(board, { headers: { "cache-control": "no-store", vary: "accept-language" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
