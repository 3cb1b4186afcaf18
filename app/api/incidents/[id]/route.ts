// GET /api/incidents/[id] – one incident with its timeline, in ?lang= or Accept-Language (viewer)
import { NextResponse } from "next/server";
import { requestLocale } from "@/lib/messages";
import { authorize } from "@/server/auth/guard";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { readIncident } from "@/server/incidents/incidents";

export const dynamic = "force-dynamic";

export const GET = (request: Request, context: { params: Promise<{ id: string }> }) =>
  handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    const incident = await readIncident((await context.params).id, requestLocale(request));
    return NextResponse.json(incident, { headers: { "cache-control": "no-store", vary: "accept-language" } });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
