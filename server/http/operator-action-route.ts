import "server-only";
import { NextResponse } from "next/server";
import { decodeContainerParam } from "@/server/actions/resolve-container";
import type { Principal } from "@/server/auth/credentials";
import { authenticate, permit, requestIdOf } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getStore } from "@/server/store";
import { handle } from "./route-helpers";

type Context = { params: Promise<{ name: string }> };

/** What an action route hands its action: the target's name as the URL has it (decoded), the caller, the request. */
export interface OperatorCall {
  name: string;
  request: Request;
  principal: Principal;
  requestId: string;
}

/**
 * The POST handler of an action route (`/api/containers/{name}/{verb}`, `/api/services/{name}/{verb}`): operator only,
 * checked here and not in middleware; `action` (`container.restart`, `service.scale`) names a refusal in the audit log.
 * An anonymous refusal is counted, not written: the append-only log must not be floodable by anyone who can reach the
 * board. A known caller's refusal is audited with their name.
 */
export function operatorActionHandler(action: string, perform: (call: OperatorCall) => Promise<unknown>) {
  return (request: Request, context: Context) =>
    handle(async () => {
      // `engine/name` arrives URL-encoded (edge%2Fapi): one path segment.
      const name = decodeContainerParam((await context.params).name);
      const requestId = requestIdOf(request);
      let caller: Awaited<ReturnType<typeof authenticate>>;
      try {
        caller = await authenticate(request);
      } catch (error) {
        cascadeMetrics().deniedRequests.inc({ reason: error instanceof AppError ? error.code : "error" });
        throw error;
      }
      let principal: Principal;
      try {
        principal = permit(request, caller, "operator", { stateChanging: true });
      } catch (error) {
        if (error instanceof AppError && caller) {
          await getStore()
            .appendAudit({
              actor: caller.name,
              role: caller.role,
              action,
              subject: name.slice(0, 200),
              requestId,
              result: "denied",
              detail: `${error.status} ${error.code}`,
            })
            .catch(() => undefined);
        }
        if (!caller) cascadeMetrics().deniedRequests.inc({ reason: error instanceof AppError ? error.code : "error" });
        throw error;
      }
      const result = await perform({ name, request, principal, requestId });
      return NextResponse.json(result, { headers: { "x-request-id": requestId } });
    });
}
