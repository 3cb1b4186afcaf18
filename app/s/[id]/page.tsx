import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { SnapshotView } from "@/components/snapshot-view";
import { APP_ICON_180, statusIconHref } from "@/components/status-style";
import { AppError } from "@/server/errors";
import { readSnapshot } from "@/server/snapshots/snapshots";

// GET /s/[id] – a snapshot, read-only, for anyone with the link: no session, no live data, no calls to the upstreams.
// Rendered on the server; next.config.js adds X-Robots-Tag: noindex to it.
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Once per request, shared by the metadata and the page. */
const load = cache(async (id: string) => {
  try {
    return await readSnapshot(id);
  } catch (error) {
    // Unknown and malformed ids are 404; an expired one was answered 410 by proxy.ts before reaching here.
    if (error instanceof AppError && (error.status === 404 || error.status === 410)) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const snapshot = await load((await params).id);
  return {
    title: "Snapshot · Cascade",
    robots: { index: false, follow: false },
    // The tab shows the status the snapshot froze, with the same icons as the live board.
    icons: { icon: statusIconHref(snapshot.board.status), apple: APP_ICON_180 },
  };
}

export default async function SnapshotPage({ params }: Params) {
  const snapshot = await load((await params).id);
  return <SnapshotView snapshot={snapshot} />;
}
