import "server-only";
import { NextResponse } from "next/server";
import { type ServiceAction, scaleRequestSchema, serviceActionSchema } from "@/lib/contracts/services";
import { runServiceAction } from "@/server/actions/service-actions";
import { authenticate, permit, requestIdOf } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getStore } from "@/server/store";
import { handle, readJsonBody } from "./route-helpers";

type Context = { params: Promise<{ name: string }> };

/** The POST handler of /api/services/{name}/{action}: operator only, as server/http/container-action-route.ts. */
export function serviceActionHandler(action: ServiceAction) {
  serviceActionSchema.parse(action);
  return (request: Request, context: Context) =>
    handle(async () => {
      const { name } = await context.params;
      const requestId = requestIdOf(request);
      let caller: Awaited<ReturnType<typeof authenticate>>;
      try {
        caller = await authenticate(request);
      } catch (error) {
        cascadeMetrics().deniedRequests.inc({ reason: error instanceof AppError ? error.code : "error" });
        throw error;
      }
      let principal: ReturnType<typeof permit>;
      try {
        principal = permit(request, caller, "operator", { stateChanging: true });
      } catch (error) {
        // An anonymous refusal is counted, not written; a known caller's refusal is audited with their name.
        if (error instanceof AppError && caller) {
          await getStore()
            .appendAudit({
              actor: caller.name,
              role: caller.role,
              action: `service.${action}`,
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
      const replicas = action === "scale" ? (await readJsonBody(request, scaleRequestSchema)).replicas : undefined;
      const result = await runServiceAction({ service: name, action, replicas, principal, requestId });
      return NextResponse.json(result, { headers: { "x-request-id": requestId } });
    });
}
