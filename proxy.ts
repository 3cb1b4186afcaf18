// Proxy (Next.js 16, Node.js runtime) for /s/{id} only: a page cannot answer 410, so an expired snapshot is answered
// here, after its content is deleted. Nothing here guards access: every route checks its own authorization.
import "server-only";
import { type NextRequest, NextResponse } from "next/server";
import { AppError } from "@/server/errors";
import { readSnapshot } from "@/server/snapshots/snapshots";

const GONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Snapshot expired · Cascade</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>This snapshot has expired</h1><p>Its content was deleted when it expired. Ask whoever shared it for a new link.</p></body></html>`;

export async function proxy(request: NextRequest) {
  const id = request.nextUrl.pathname.split("/")[2] ?? "";
  try {
    await readSnapshot(decodeURIComponent(id));
  } catch (error) {
    if (error instanceof AppError && error.status === 410) {
      return new NextResponse(GONE_PAGE, {
        status: 410,
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-robots-tag": "noindex, nofollow" },
      });
    }
  }
  return NextResponse.next();
}

export const config = { matcher: "/s/:id" };
