// GET /api/audit – the audit log, newest first (admin); ?limit=N&before=ID pages back
import { NextResponse } from "next/server";
import { authorize } from "@/server/auth/guard";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { getStore } from "@/server/store";

export const dynamic = "force-dynamic";

export const GET = (request: Request) =>
  handle(async () => {
    await authorize(request, "admin", { stateChanging: false });
    const url = new URL(request.url);
    const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 100) || 100, 1), 1000);
    const before = Number(url.searchParams.get("before")) || undefined;
    return NextResponse.json({ entries: await getStore().listAudit({ limit, beforeId: before }) });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
