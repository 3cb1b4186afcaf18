import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SnapshotView } from "@/components/snapshot-view";
import { AppError } from "@/server/errors";
import { readSnapshot } from "@/server/snapshots/snapshots";

// GET /s/[id] – a snapshot, read-only, for anyone with the link: no session, no live data, no calls to the upstreams.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Snapshot · Cascade", robots: { index: false, follow: false } };

async function load(id: string) {
  try {
    return await readSnapshot(id);
  } catch (error) {
    // Unknown and malformed ids are 404; an expired one was answered 410 by proxy.ts before reaching here.
    if (error instanceof AppError && (error.status === 404 || error.status === 410)) notFound();
    throw error;
  }
}

export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const snapshot = await load((await params).id);
  return <SnapshotView snapshot={snapshot} />;
}
