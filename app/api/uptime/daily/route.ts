// GET /api/uptime/daily – one uptime share per day for the last 90 days, per part (`stack`, `container:local/<name>`,
// `dashboard:<uid>`), oldest first: the board's status-page bars (viewer)
import { NextResponse } from "next/server";
import { authorize } from "@/server/auth/guard";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { readDailyUptime } from "@/server/incidents/uptime";

export const dynamic = "force-dynamic";

export const GET = (request: Request) =>
  handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    return NextResponse.json(await readDailyUptime(), { headers: { "cache-control": "no-store" } });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
