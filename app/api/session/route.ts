// GET/POST/DELETE /api/session – who is signed in; exchange a token for an HttpOnly session cookie; sign out

import { otherMethods } from "@/server/http/route-helpers";
import { createSession, deleteSession, getSession } from "@/server/http/session-route";

export const dynamic = "force-dynamic";
export const GET = getSession;
export const POST = createSession;
export const DELETE = deleteSession;

export const { PUT, PATCH } = otherMethods("GET", "POST", "DELETE");
