// GET /api/verify/[id]/events – Server-Sent Events: a `run` event with the whole run on every step change, until it ends
import { findVerifyRun, subscribeToVerifyRun } from "@/server/actions/verify/run-verify";
import { authorize } from "@/server/auth/guard";
import { AppError, toErrorResponse } from "@/server/errors";

export const dynamic = "force-dynamic";

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEARTBEAT_MS = 15_000;

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  let first;
  try {
    authorize(request, "viewer", { stateChanging: false });
    const { id } = await context.params;
    first = RUN_ID.test(id) ? await findVerifyRun(id.toLowerCase()) : null;
    if (!first) throw new AppError("not_found", `No verify run ${id.slice(0, 64)}.`, 404);
  } catch (error) {
    return toErrorResponse(error);
  }
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const send = (run: typeof first) => {
        write(`event: run\ndata: ${JSON.stringify(run)}\n\n`);
        if (run!.status !== "running") stop(); // the run is over: nothing more will come
      };
      const unsubscribe = subscribeToVerifyRun(first!.id, send);
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", stop);
      send(first);
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}
