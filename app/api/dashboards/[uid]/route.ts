// GET /api/dashboards/[uid]?lang=de – one dashboard with its panels and the causes it names, brought up to date when
// opened on the page (schema: dashboardDetailSchema in lib/contracts/board-views.ts)
import { NextResponse } from "next/server";
import { renderBoard, requestLocale } from "@/lib/messages";
import { dashboardView } from "@/lib/messages/board-views";
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { AppError, toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";

export const dynamic = "force-dynamic";

/**
 * THE call site that brings an opened dashboard up to date (its stale queries run once, whatever the number of
 * viewers). The collect half of issue 11 provides `refreshDashboard(uid)` in server/collect/refresh-dashboard.ts; when
 * it is merged this becomes: `await refreshDashboard(uid); getBoardCache().invalidate();`. Until then the dashboard
 * is as fresh as the last collection.
 */
async function bringDashboardUpToDate(_uid: string): Promise<void> {}

export async function GET(request: Request, context: { params: Promise<{ uid: string }> }) {
  try {
    await authorize(request, "viewer", { stateChanging: false });
    const { uid } = await context.params;
    await bringDashboardUpToDate(uid);
    const detail = dashboardView(renderBoard(await getBoardCache().get(), requestLocale(request)), uid);
    if (!detail) throw new AppError("not_found", `No dashboard has the uid "${uid}".`, 404);
    return NextResponse.json(detail, { headers: { "cache-control": "no-store", vary: "accept-language" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
