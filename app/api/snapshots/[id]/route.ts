// GET/DELETE /api/snapshots/[id] – a snapshot's JSON for anyone with the link (404 unknown, 410 expired); delete with its secret or as an operator
import { NextResponse } from "next/server";
import { authorize, readCookie, requestIdOf } from "@/server/auth/guard";
import { SESSION_COOKIE } from "@/server/auth/session-cookie";
import { AppError } from "@/server/errors";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { deleteSnapshot, readSnapshot } from "@/server/snapshots/snapshots";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = (_request: Request, context: Context) =>
  handle(async () => NextResponse.json(await readSnapshot((await context.params).id), { headers: { "cache-control": "no-store" } }));

export const DELETE = (request: Request, context: Context) =>
  handle(async () => {
    const { id } = await context.params;
    const secret = request.headers.get("x-delete-secret") ?? new URL(request.url).searchParams.get("secret");
    // The delete secret alone suffices; without it (or with a wrong one) only a signed-in operator may delete, and a
    // cookie must come from this board's page.
    const requestId = requestIdOf(request);
    if (secret) {
      try {
        await deleteSnapshot(id, secret, null, requestId);
        return NextResponse.json({ deleted: true });
      } catch (error) {
        const hasCredentials = request.headers.has("authorization") || readCookie(request, SESSION_COOKIE) !== null;
        if (!(error instanceof AppError && error.status === 403 && hasCredentials)) throw error;
      }
    }
    await deleteSnapshot(id, null, await authorize(request, "operator", { stateChanging: true }), requestId);
    return NextResponse.json({ deleted: true });
  });

export const { POST, PUT, PATCH } = otherMethods("GET", "DELETE");
