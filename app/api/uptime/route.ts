// GET /api/uptime?from=ISO&to=ISO – uptime shares for one window; without them, for the last 24h, 7d, 30d and 90d (viewer)
import { NextResponse } from "next/server";
import { authorize } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { readUptime, readUptimeSummary } from "@/server/incidents/uptime";

export const dynamic = "force-dynamic";

const parseTime = (value: string | null, name: string) => {
  const time = value === null ? Number.NaN : Date.parse(value);
  if (Number.isNaN(time)) throw new AppError("invalid_query", `${name} must be an ISO 8601 time.`, 400);
  return new Date(time);
};

export const GET = (request: Request) =>
  handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    const params = new URL(request.url).searchParams;
    const headers = { "cache-control": "no-store" };
    if (!params.has("from") && !params.has("to")) return NextResponse.json(await readUptimeSummary(), { headers });
    const from = parseTime(params.get("from"), "from");
    const to = params.has("to") ? parseTime(params.get("to"), "to") : new Date();
    if (to <= from) throw new AppError("invalid_query", "to must be after from.", 400);
    return NextResponse.json(await readUptime(from, to), { headers });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
