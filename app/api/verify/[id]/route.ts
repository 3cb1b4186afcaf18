// GET /api/verify/[id] – one verify run, with each step's status and detail (poll it while `status` is "running")
import { NextResponse } from "next/server";
import { authorize } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { findVerifyRun } from "@/server/verify/run-verify";

export const dynamic = "force-dynamic";

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    const { id } = await context.params;
    const run = RUN_ID.test(id) ? await findVerifyRun(id.toLowerCase()) : null;
    if (!run) throw new AppError("not_found", `No verify run ${id.slice(0, 64)}.`, 404);
    return NextResponse.json(run, { headers: { "cache-control": "no-store" } });
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
