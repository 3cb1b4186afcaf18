// GET /metrics – Cascade's own metrics in the Prometheus text format (prom-client)

import { otherMethods } from "@/server/http/route-helpers";
import { cascadeMetrics } from "@/server/metrics/registry";

export const dynamic = "force-dynamic";

export async function GET() {
  const { registry } = cascadeMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
