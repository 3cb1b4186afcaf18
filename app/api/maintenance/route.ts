// GET/POST/DELETE /api/maintenance – maintenance windows: list current and upcoming (viewer), open one for the stack
// or some containers (operator, {"until", "reason", "containers"?}), end them all (operator); audited
import { NextResponse } from "next/server";
import { maintenanceRequestSchema } from "@/lib/maintenance/contract";
import { requestLocale } from "@/lib/messages";
import { authorize, requestIdOf } from "@/server/auth/guard";
import { handle, otherMethods, readJsonBody } from "@/server/http/route-helpers";
import { boardMaintenance } from "@/server/maintenance/board";
import { createWindow, endWindows, listWindows } from "@/server/maintenance/maintenance";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

export const GET = (request: Request) =>
  handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    const { notice } = await boardMaintenance(requestLocale(request));
    return NextResponse.json({ windows: await listWindows(), notice }, { headers: noStore });
  });

export const POST = (request: Request) =>
  handle(async () => {
    const principal = await authorize(request, "operator", { stateChanging: true });
    const body = await readJsonBody(request, maintenanceRequestSchema);
    return NextResponse.json(await createWindow(body, principal, requestIdOf(request)), { status: 201, headers: noStore });
  });

export const DELETE = (request: Request) =>
  handle(async () => {
    const principal = await authorize(request, "operator", { stateChanging: true });
    return NextResponse.json({ ended: await endWindows(null, principal, requestIdOf(request)) }, { headers: noStore });
  });

export const { PUT, PATCH } = otherMethods("GET", "POST", "DELETE");
