// GET /api/verify/[id]/events – Server-Sent Events: a `run` event with the whole run on every step change, until it ends
import type { VerifyRun } from "@/lib/contracts/operations";
import { authorize } from "@/server/auth/guard";
import { AppError, toErrorResponse } from "@/server/errors";
import { otherMethods } from "@/server/http/route-helpers";
import { sseResponse } from "@/server/http/sse";
import { findVerifyRun, subscribeToVerifyRun } from "@/server/verify/run-verify";

export const dynamic = "force-dynamic";

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  let first: VerifyRun | null;
  try {
    await authorize(request, "viewer", { stateChanging: false });
    const { id } = await context.params;
    first = RUN_ID.test(id) ? await findVerifyRun(id.toLowerCase()) : null;
    if (!first) throw new AppError("not_found", `No verify run ${id.slice(0, 64)}.`, 404);
  } catch (error) {
    return toErrorResponse(error);
  }
  const run = first;
  return sseResponse(request, (channel) => {
    const send = (state: VerifyRun) => {
      channel.send("run", state);
      if (state.status !== "running") channel.close(); // the run is over: nothing more will come
    };
    const unsubscribe = subscribeToVerifyRun(run.id, send);
    send(run);
    return unsubscribe;
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
