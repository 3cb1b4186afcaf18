import type { ServiceView, SwarmNodeView } from "@/lib/contracts/services";
import { judgeNode, judgeService, serviceConverged } from "./service";
import type { Verdict } from "./verify-steps";

// Verify's verdicts on Swarm services and nodes, from the judge the board uses (lib/health/service.ts).

/** How long a verify step (or an action's wait) gives a service to converge after a change. */
export const SERVICE_CONVERGE_MS = 90_000;

export function serviceVerdict(service: ServiceView, now: Date): Verdict {
  if (service.state === "unknown") return { status: "failed", detail: service.reason ?? "the Swarm manager could not be asked" };
  const kind = judgeService(service, now);
  // The update's state goes with the counts either way: "update paused" is why a restart left an old task running.
  const update = service.updateStatus ? `, update ${service.updateStatus.state}` : "";
  const counts = `${service.running} of ${service.desired ?? "?"} tasks running${update}`;
  if (kind === null) return { status: serviceConverged(service) ? "passed" : "failed", detail: counts };
  const failing = service.tasks.find((task) => task.error !== null && task.state !== "running");
  const facts = [service.state === "missing" ? service.reason : counts, failing?.error ? `Docker: ${failing.error}` : null, kind];
  return { status: "failed", detail: facts.filter(Boolean).join("; ") };
}

export function nodeVerdict(node: SwarmNodeView): Verdict {
  return judgeNode(node) === null
    ? { status: "passed", detail: `${node.state}, ${node.availability}` }
    : { status: "failed", detail: `${node.state}${node.message ? `: ${node.message}` : ""}` };
}
