import "server-only";
import { NextResponse } from "next/server";
import { containerActionSchema, restartPolicyRequestSchema, type ContainerAction } from "@/lib/contracts/operations";
import { runContainerAction } from "@/server/actions/container-actions";
import { authorize, requestIdOf } from "@/server/auth/guard";
import { AppError } from "@/server/errors";
import { getStore } from "@/server/store";
import { handle, readJsonBody } from "./route-helpers";

type Context = { params: Promise<{ name: string }> };

/** The POST handler of /api/containers/{name}/{action}: operator only, checked here and not in middleware. */
export function containerActionHandler(action: ContainerAction) {
  containerActionSchema.parse(action);
  return (request: Request, context: Context) =>
    handle(async () => {
      const { name } = await context.params;
      const requestId = requestIdOf(request);
      let principal;
      try {
        principal = authorize(request, "operator", { stateChanging: true });
      } catch (error) {
        if (error instanceof AppError) {
          await getStore()
            .appendAudit({ actor: "(unauthenticated)", role: "none", action: `container.${action}`, subject: name.slice(0, 200), requestId, result: "denied", detail: `${error.status} ${error.code}` })
            .catch(() => undefined);
        }
        throw error;
      }
      const policy = action === "set-restart-policy" ? await readJsonBody(request, restartPolicyRequestSchema) : undefined;
      const result = await runContainerAction({ container: name, action, policy, principal, requestId });
      return NextResponse.json(result, { headers: { "x-request-id": requestId } });
    });
}
