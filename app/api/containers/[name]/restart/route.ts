// POST /api/containers/[name]/restart – restart a watched container (operator; audited)
import { containerActionHandler } from "@/server/http/container-action-route";
import { otherMethods } from "@/server/http/route-helpers";

export const POST = containerActionHandler("restart");

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
