// POST /api/services/[name]/scale – set a replicated Swarm service's replicas, {"replicas": n} (operator; audited)
import { otherMethods } from "@/server/http/route-helpers";
import { serviceActionHandler } from "@/server/http/service-action-route";

export const POST = serviceActionHandler("scale");

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
