// POST /api/containers/[name]/restart-policy – set Docker's restart policy, body {"name", "maximumRetryCount"?} (operator; audited)
import { containerActionHandler } from "@/server/http/container-action-route";
import { otherMethods } from "@/server/http/route-helpers";

export const POST = containerActionHandler("set-restart-policy");

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
