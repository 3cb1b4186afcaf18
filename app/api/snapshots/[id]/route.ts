// GET/DELETE /api/snapshots/[id] – a snapshot's JSON for anyone with the link (404 unknown, 410 expired); delete with its secret or as an operator
import { NextResponse } from "next/server";
import { authenticate, authorize, requestIdOf } from "@/server/auth/guard";
import { handle, methodNotAllowed } from "@/server/http/route-helpers";
import { deleteSnapshot, readSnapshot } from "@/server/snapshots/snapshots";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = (_request: Request, context: Context) =>
  handle(async () => NextResponse.json(await readSnapshot((await context.params).id), { headers: { "cache-control": "no-store" } }));

export const DELETE = (request: Request, context: Context) =>
  handle(async () => {
    const { id } = await context.params;
    const secret = new URL(request.url).searchParams.get("secret") ?? request.headers.get("x-delete-secret");
    // Without the secret, only a signed-in operator may delete, and a cookie must come from this board's page.
    const principal = secret ? authenticate(request) : authorize(request, "operator", { stateChanging: true });
    await deleteSnapshot(id, secret, principal, requestIdOf(request));
    return NextResponse.json({ deleted: true });
  });

export const POST = methodNotAllowed(["GET", "DELETE"]);
