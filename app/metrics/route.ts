// GET /metrics – Cascade's own metrics in the Prometheus text format (prom-client)
import { cascadeMetrics } from "@/server/metrics/registry";

export const dynamic = "force-dynamic";

export async function GET() {
  const { registry } = cascadeMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
