// POST /api/snapshots – freeze the board into a redacted, expiring, read-only snapshot (operator); nobody can list them

import { NextResponse } from "next/server";
import { createSnapshotRequestSchema } from "@/lib/contracts/snapshot";
import { requestLocale } from "@/lib/messages";
import { authorize, requestIdOf } from "@/server/auth/guard";
import { handle, otherMethods, readJsonBody } from "@/server/http/route-helpers";
import { createSnapshot } from "@/server/snapshots/snapshots";

export const dynamic = "force-dynamic";

export const POST = (request: Request) =>
  handle(async () => {
    const principal = await authorize(request, "operator", { stateChanging: true });
    const options = await readJsonBody(request, createSnapshotRequestSchema, { optional: true });
    const created = await createSnapshot(options, principal, requestIdOf(request), requestLocale(request));
    return NextResponse.json(created, { status: 201, headers: { location: created.url } });
  });

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
