// GET /api/board – one observation of the watched stack as JSON (schema: lib/contracts/board.ts)
import { NextResponse } from "next/server";
import { getSettings } from "@/server/config";
import { collectBoard } from "@/server/collect/collect-board";
import { toErrorResponse } from "@/server/errors";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const board = await collectBoard(getSettings().config);
    return NextResponse.json(board, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
