import type { Param, Params, Template, Words } from "./types";

// English words of the page's buttons: the fixes on cause cards, and the Swarm services' restart and scale (the
// engineer view). Keys shared with actions-de.ts.

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));

export const actionMessagesEn = {
  "button.progress.start": () => "Starting…",
  "button.progress.restart": () => "Restarting…",
  "button.progress.set-restart-policy": () => "Updating…",
  "button.progress.restart-service": () => "Restarting…",
  "button.progress.scale-service": () => "Scaling…",
  "button.needs-operator": (p) => `${str(p.name)} is signed in as ${str(p.role)}; actions need an operator`,
  "button.sign-in-to-act": () => "Sign in as an operator to act",
  "button.result-list": () => "Action results",
  "button.verify": () => "Verify the fix",
  "button.dismiss": () => "Dismiss",
  "service.section": () => "Swarm services",
  "service.list": () => "Services",
  "service.engine": () => "Engine",
  "service.mode": () => "Mode",
  "service.update": () => "Update",
  "service.image": () => "Image",
  "service.why": () => "Why",
  "service.unknown": () => "unknown",
  "service.missing": () => "missing",
  "service.running": (p) => `${str(p.running)}/${p.desired ?? "?"} running`,
  "service.failing-tasks": (p) => `Failing tasks (${str(p.count)})`,
  "service.task": (p: Params, w: Words) =>
    `${str(p.state)}${p.slot === null ? "" : `, slot ${str(p.slot)}`}${p.node ? ` on ${str(p.node)}` : ""}, ${w.ago(p.updatedAt) ?? "?"}:`,
  "service.no-error": () => "no error given",
  "service.restart": () => "Restart",
  "service.scale": () => "Scale",
  "service.replicas": (p) => `Replicas of ${str(p.service)}`,
  "service.actions": (p) => `Actions on ${str(p.service)}`,
  "node.table": () => "Swarm nodes",
  "node.name": () => "Node",
  "node.role": () => "Role",
  "node.state": () => "State",
  "node.availability": () => "Availability",
} satisfies Record<string, Template>;
