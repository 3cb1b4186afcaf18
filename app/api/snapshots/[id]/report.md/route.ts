// GET /api/snapshots/[id]/report.md – the snapshot as a Markdown incident report
import { renderSnapshotReport } from "@/lib/snapshots/report-markdown";
import { handle, otherMethods } from "@/server/http/route-helpers";
import { readSnapshot } from "@/server/snapshots/snapshots";

export const dynamic = "force-dynamic";

export const GET = (_request: Request, context: { params: Promise<{ id: string }> }) =>
  handle(async () => {
    const snapshot = await readSnapshot((await context.params).id);
    const markdown = renderSnapshotReport({ ...snapshot, board: snapshot.board, verifyRun: snapshot.verifyRun, actions: snapshot.actions });
    return new Response(markdown, {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="cascade-incident-${snapshot.createdAt.slice(0, 10)}.md"`,
        "cache-control": "no-store",
      },
    });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
