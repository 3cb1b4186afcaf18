import "server-only";
import { type ContainerAction, containerActionSchema, restartPolicyRequestSchema } from "@/lib/contracts/operations";
import { runContainerAction } from "@/server/actions/container-actions";
import { operatorActionHandler } from "./operator-action-route";
import { readJsonBody } from "./route-helpers";

/** The POST handler of /api/containers/{name}/{action}: operator only (server/http/operator-action-route.ts). */
export function containerActionHandler(action: ContainerAction) {
  containerActionSchema.parse(action);
  return operatorActionHandler(`container.${action}`, async ({ name, request, principal, requestId }) => {
    const policy = action === "set-restart-policy" ? await readJsonBody(request, restartPolicyRequestSchema) : undefined;
    return runContainerAction({ container: name, action, policy, principal, requestId });
  });
}
