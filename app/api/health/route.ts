// GET /api/health – liveness for load balancers and HEALTHCHECKs: no authentication, no upstream details; 200 while
// the last collection is younger than 3 refresh intervals, else 503.
import { NextResponse } from "next/server";
import { toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";
import { readHealth } from "@/server/watcher/health";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { healthy, report } = await readHealth();
    return NextResponse.json(report, { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
