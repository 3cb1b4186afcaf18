// POST /api/verify – start a verify run of the whole stack (202 + Location); GET – the latest run
import { NextResponse } from "next/server";
import { authorize } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { findLatestVerifyRun, startVerifyRun } from "@/server/verify/run-verify";

export const dynamic = "force-dynamic";

// Verifying only reads Docker, Prometheus, the metrics endpoints and Grafana, so a viewer may start it. A POST while
// a run is going answers that run (200) instead of starting a second one.
export async function POST(request: Request) {
  return handle(async () => {
    const principal = await authorize(request, "viewer", { stateChanging: false });
    const { run, started } = startVerifyRun(principal.name);
    return NextResponse.json(run, {
      status: started ? 202 : 200,
      headers: { location: `/api/verify/${run.id}`, "cache-control": "no-store" },
    });
  });
}

export async function GET(request: Request) {
  return handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    const run = await findLatestVerifyRun();
    if (!run) throw new AppError("not_found", "No verify run yet: POST /api/verify starts one.", 404);
    return NextResponse.json(run, { headers: { "cache-control": "no-store" } });
  });
}

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
