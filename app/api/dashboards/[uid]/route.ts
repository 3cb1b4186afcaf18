// GET /api/dashboards/[uid]?lang=de – one dashboard with its panels and the causes it names, brought up to date when
// opened on the page (schema: dashboardDetailSchema in lib/contracts/board-views.ts)
import { NextResponse } from "next/server";
import { renderBoard, requestLocale } from "@/lib/messages";
import { dashboardView } from "@/lib/messages/board-views";
import { authorize } from "@/server/auth/guard";
import { getBoardCache } from "@/server/collect/board-cache";
import { refreshDashboard } from "@/server/collect/refresh-dashboard";
import { AppError, toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";
import { getWatcher } from "@/server/watcher/watcher";

export const dynamic = "force-dynamic";

/**
 * An opened dashboard is brought up to date: its stale queries run once (single-flight, whatever the number of
 * viewers, within the query budget), then the watcher collects again and the answer waits for that board.
 */
async function bringDashboardUpToDate(uid: string): Promise<void> {
  await refreshDashboard(uid);
  getWatcher().refresh();
  getBoardCache().invalidate();
}

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
