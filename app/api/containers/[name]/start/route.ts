// POST /api/containers/[name]/start – start a watched container; "already running" is a success (operator; audited)
import { containerActionHandler } from "@/server/http/container-action-route";
import { otherMethods } from "@/server/http/route-helpers";

export const POST = containerActionHandler("start");

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
