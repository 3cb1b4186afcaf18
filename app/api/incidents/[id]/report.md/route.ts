// GET /api/incidents/[id]/report.md – a postmortem draft (SRE book shape) filled from what was recorded (viewer)
import { renderIncidentReport } from "@/lib/incidents/report";
import { requestLocale } from "@/lib/messages";
import { authorize } from "@/server/auth/guard";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { readIncident } from "@/server/incidents/incidents";

export const dynamic = "force-dynamic";

export const GET = (request: Request, context: { params: Promise<{ id: string }> }) =>
  handle(async () => {
    await authorize(request, "viewer", { stateChanging: false });
    const locale = requestLocale(request);
    const incident = await readIncident((await context.params).id, locale);
    return new Response(renderIncidentReport(incident, locale), {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="cascade-postmortem-${incident.detectedAt.slice(0, 10)}.md"`,
        "cache-control": "no-store",
      },
    });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
