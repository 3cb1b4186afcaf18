// POST /api/incidents/[id]/acknowledge – an operator says "I am on it", with a note ({"note": "..."}); audited
import { NextResponse } from "next/server";
import { acknowledgeBodySchema } from "@/lib/contracts/incidents";
import { requestLocale } from "@/lib/messages";
import { authorize, requestIdOf } from "@/server/auth/guard";
import { handle, otherMethods, readJsonBody } from "@/server/http/route-helpers";
import { acknowledgeIncident } from "@/server/incidents/incidents";

export const dynamic = "force-dynamic";

export const POST = (request: Request, context: { params: Promise<{ id: string }> }) =>
  handle(async () => {
    const principal = await authorize(request, "operator", { stateChanging: true });
    const { note } = await readJsonBody(request, acknowledgeBodySchema, { optional: true });
    const incident = await acknowledgeIncident((await context.params).id, note, principal, requestIdOf(request), requestLocale(request));
    return NextResponse.json(incident, { headers: { "cache-control": "no-store" } });
  });

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
