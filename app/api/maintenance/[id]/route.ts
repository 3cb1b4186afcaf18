// DELETE /api/maintenance/[id] – ends one maintenance window now (a running one is cut short, an upcoming one removed); operator, audited
import { NextResponse } from "next/server";
import { authorize, requestIdOf } from "@/server/auth/guard";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { endWindows } from "@/server/maintenance/maintenance";

export const dynamic = "force-dynamic";

export const DELETE = (request: Request, context: { params: Promise<{ id: string }> }) =>
  handle(async () => {
    const principal = await authorize(request, "operator", { stateChanging: true });
    const ended = await endWindows((await context.params).id, principal, requestIdOf(request));
    return NextResponse.json({ ended }, { headers: { "cache-control": "no-store" } });
  });

export const { GET, HEAD, POST, PUT, PATCH } = otherMethods("DELETE");
