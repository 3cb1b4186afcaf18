// GET /api/board – one observation of the watched stack as JSON (schema: lib/contracts/board.ts)
import { NextResponse } from "next/server";
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await authorize(request, "viewer", { stateChanging: false });
    return NextResponse.json(await getBoardCache().get(), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
