import "server-only";
import { type ServiceAction, scaleRequestSchema, serviceActionSchema } from "@/lib/contracts/services";
import { runServiceAction } from "@/server/actions/service-actions";
import { operatorActionHandler } from "./operator-action-route";
import { readJsonBody } from "./route-helpers";

/** The POST handler of /api/services/{name}/{action}: operator only (server/http/operator-action-route.ts). */
export function serviceActionHandler(action: ServiceAction) {
  serviceActionSchema.parse(action);
  return operatorActionHandler(`service.${action}`, async ({ name, request, principal, requestId }) => {
    const replicas = action === "scale" ? (await readJsonBody(request, scaleRequestSchema)).replicas : undefined;
    return runServiceAction({ service: name, action, replicas, principal, requestId });
  });
}
