// POST /api/containers/[name]/start – start a watched container; "already running" is a success (operator; audited)
import { containerActionHandler } from "@/server/http/container-action-route";
import { methodNotAllowed } from "@/server/http/route-helpers";

export const POST = containerActionHandler("start");
export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const DELETE = GET;
