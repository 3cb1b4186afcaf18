// POST /api/containers/[name]/restart – restart a watched container (operator; audited)
import { containerActionHandler } from "@/server/http/container-action-route";
import { methodNotAllowed } from "@/server/http/route-helpers";

export const POST = containerActionHandler("restart");
export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const DELETE = GET;
