import "server-only";
import { NextResponse } from "next/server";
import { type ContainerAction, containerActionSchema, restartPolicyRequestSchema } from "@/lib/contracts/operations";
import { runContainerAction } from "@/server/actions/container-actions";
import { decodeContainerParam } from "@/server/actions/resolve-container";
import { authenticate, permit, requestIdOf } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { cascadeMetrics } from "@/server/metrics/registry";
import { getStore } from "@/server/store";
import { handle, readJsonBody } from "./route-helpers";

type Context = { params: Promise<{ name: string }> };

/** The POST handler of /api/containers/{name}/{action}: operator only, checked here and not in middleware. */
export function containerActionHandler(action: ContainerAction) {
  containerActionSchema.parse(action);
  return (request: Request, context: Context) =>
    handle(async () => {
      // `engine/name` arrives URL-encoded (edge%2Fapi): one path segment.
      const name = decodeContainerParam((await context.params).name);
      const requestId = requestIdOf(request);
      // An anonymous refusal is counted, not written: the append-only log must not be floodable by anyone who can
      // reach the board. A known caller's refusal is audited with their name.
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
        if (error instanceof AppError && caller) {
          await getStore()
            .appendAudit({
              actor: caller.name,
              role: caller.role,
              action: `container.${action}`,
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
      const policy = action === "set-restart-policy" ? await readJsonBody(request, restartPolicyRequestSchema) : undefined;
      const result = await runContainerAction({ container: name, action, policy, principal, requestId });
      return NextResponse.json(result, { headers: { "x-request-id": requestId } });
    });
}
