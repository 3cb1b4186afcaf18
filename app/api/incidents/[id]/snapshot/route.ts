// POST /api/incidents/[id]/snapshot – share the incident as a snapshot (operator); answers like POST /api/snapshots
import { NextResponse } from "next/server";
import { createSnapshotRequestSchema, MAX_NOTE_CHARS, MAX_TITLE_CHARS } from "@/lib/contracts/snapshot";
import { renderIncidentReport } from "@/lib/incidents/report";
import { requestLocale } from "@/lib/messages";
import { authorize, requestIdOf } from "@/server/auth/guard";
import { handle, otherMethods, readJsonBody } from "@/server/http/route-helpers";
import { readIncident } from "@/server/incidents/incidents";
import { createSnapshot } from "@/server/snapshots/snapshots";

export const dynamic = "force-dynamic";

export const POST = (request: Request, context: { params: Promise<{ id: string }> }) =>
  handle(async () => {
    const principal = await authorize(request, "operator", { stateChanging: true });
    const options = await readJsonBody(request, createSnapshotRequestSchema, { optional: true });
    const locale = requestLocale(request);
    const incident = await readIncident((await context.params).id, locale);
    // The board as it is now, with the incident's postmortem draft as the note (what was recorded, for the reader).
    const created = await createSnapshot(
      {
        ...options,
        title: options.title ?? incident.title.slice(0, MAX_TITLE_CHARS),
        note: options.note ?? renderIncidentReport(incident, locale).slice(0, MAX_NOTE_CHARS),
      },
      principal,
      requestIdOf(request),
      locale,
    );
    return NextResponse.json(created, { status: 201, headers: { location: created.url } });
  });

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
