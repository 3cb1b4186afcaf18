// POST /api/notify/test – sends a test message to a channel named in cascade.yaml ({"channel": "name"}); admin, audited
import { NextResponse } from "next/server";
import { notifyTestBodySchema } from "@/lib/contracts/notify";
import { authorize, requestIdOf } from "@/server/auth/guard";
import { handle, otherMethods, readJsonBody } from "@/server/http/route-helpers";
import { sendTestMessage } from "@/server/notify/deliveries";

export const dynamic = "force-dynamic";

export const POST = (request: Request) =>
  handle(async () => {
    const principal = await authorize(request, "admin", { stateChanging: true });
    const { channel } = await readJsonBody(request, notifyTestBodySchema);
    const result = await sendTestMessage(channel, principal, requestIdOf(request));
    return NextResponse.json(result, { status: result.ok ? 200 : 502, headers: { "cache-control": "no-store" } });
  });

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
