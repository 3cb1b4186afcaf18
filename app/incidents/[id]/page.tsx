// GET /incidents/{id} – one incident with its root causes, timeline and postmortem draft
import { IncidentDetailView } from "@/components/incident-pages";
import { readPageContext, type SearchParams } from "@/server/http/page-context";

export const dynamic = "force-dynamic";

export default async function IncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { locale } = await readPageContext(searchParams);
  return <IncidentDetailView id={(await params).id} locale={locale} />;
}
