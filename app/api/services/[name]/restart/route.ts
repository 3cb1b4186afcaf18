// POST /api/services/[name]/restart – a forced rolling update of a watched Swarm service (operator; audited)
import { otherMethods } from "@/server/http/route-helpers";
import { serviceActionHandler } from "@/server/http/service-action-route";

export const POST = serviceActionHandler("restart");

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
