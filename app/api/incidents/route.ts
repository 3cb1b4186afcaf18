// GET /api/incidents?status=open|resolved&limit=&before= – incidents newest first, in ?lang= or Accept-Language (viewer)
import { NextResponse } from "next/server";
import { z } from "zod";
import { requestLocale } from "@/lib/messages";
import { authorize } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { listIncidents } from "@/server/incidents/incidents";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z.string().max(200).optional(),
});

export const GET = (request: Request) =>
  handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = querySchema.safeParse(params);
    if (!query.success) throw new AppError("invalid_query", query.error.issues[0]!.message, 400);
    const page = await listIncidents(query.data, requestLocale(request));
    return NextResponse.json(page, { headers: { "cache-control": "no-store", vary: "accept-language" } });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
