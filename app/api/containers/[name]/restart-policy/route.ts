// POST /api/containers/[name]/restart-policy – set Docker's restart policy, body {"name", "maximumRetryCount"?} (operator; audited)
import { containerActionHandler } from "@/server/http/container-action-route";
import { methodNotAllowed } from "@/server/http/route-helpers";

export const POST = containerActionHandler("set-restart-policy");
export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const DELETE = GET;
