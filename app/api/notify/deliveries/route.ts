// GET /api/notify/deliveries?incident=&limit= – what was sent, when, to which channel, and the answer (operator)
import { NextResponse } from "next/server";
import { deliveriesQuerySchema } from "@/lib/contracts/notify";
import { authorize } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { listDeliveries } from "@/server/notify/deliveries";

export const dynamic = "force-dynamic";

export const GET = (request: Request) =>
  handle(async () => {
    await authorize(request, "operator", { stateChanging: false });
    const query = deliveriesQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("invalid_query", query.error.issues[0]!.message, 400);
    const list = await listDeliveries(query.data);
    return NextResponse.json(list, { headers: { "cache-control": "no-store" } });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
