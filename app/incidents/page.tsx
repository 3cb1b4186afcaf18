// GET /incidents – the incident history (the watcher records it; see docs/incidents.md)
import { IncidentHistory } from "@/components/incident-pages";
import { readPageContext, type SearchParams } from "@/server/http/page-context";

export const dynamic = "force-dynamic";

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { locale } = await readPageContext(searchParams);
  return <IncidentHistory locale={locale} />;
}
