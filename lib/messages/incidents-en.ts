import type { Param, Template } from "./types";

// English words for incidents, their timeline, the postmortem draft and uptime (keys shared with incidents-de.ts).

const str = (value: Param | undefined) => (value === null || value === undefined ? "" : String(value));
const seconds = (ms: Param | undefined) => `${Math.round(Number(ms ?? 0) / 1000)} s`;

export const incidentMessagesEn = {
  "incident.title.fallback": (p) => (p.status === "down" ? "The stack is down" : "The stack is degraded"),
  "incident.status.open": () => "open",
  "incident.status.resolved": () => "resolved",
  "incident.stack.ok": () => "ok",
  "incident.stack.degraded": () => "degraded",
  "incident.stack.down": () => "down",
  "incident.event.opened": (p) => `Incident opened: the stack was ${str(p.status)} for ${str(p.collections)} collections in a row`,
  "incident.event.status-changed": (p) =>
    p.from ? `The stack went from ${str(p.from)} to ${str(p.to)}` : `The stack was already ${str(p.to)} when Cascade began watching`,
  "incident.event.cause-added": (p) => `${p.again ? "Root cause back" : "Root cause added"}: ${str(p.kind)} (${str(p.key)})`,
  "incident.event.causes-skipped": (p) =>
    `Too many changes at once: ${str(p.skippedEvents)} cause lines not written, ${str(p.unrecorded)} causes not recorded`,
  "incident.event.cause-removed": (p) => `Root cause gone: ${str(p.kind)} (${str(p.key)})`,
  "incident.event.docker-event": (p) =>
    `Docker: ${str(p.container)} ${str(p.action)}${p.exitCode === null || p.exitCode === undefined ? "" : ` (exit ${str(p.exitCode)})`}`,
  "incident.event.action": (p) => `${str(p.actor)} ran ${str(p.action)} on ${str(p.subject)}: ${str(p.result)}`,
  "incident.event.verify-run": (p) => `Verify run ${str(p.id)}: ${str(p.status)}`,
  "incident.event.acknowledged": (p) => `Acknowledged by ${str(p.by)}${p.note ? `: "${str(p.note)}"` : ""}`,
  "incident.event.watcher-gap": (p) => `Nobody watched for ${seconds(p.ms)}: the watcher was not running (until ${str(p.to)})`,
  "incident.event.resolved": (p) => `Resolved after ${str(p.okCollections)} ok collections in a row`,
  "incident.report.title": (p) => `Postmortem (draft): ${str(p.title)}`,
  "incident.report.draft": () => "A draft filled from what Cascade recorded. Finish it: check every line, add what only people know.",
  "incident.report.summary": () => "Summary",
  "incident.report.summary-text": (p) =>
    `The stack was ${str(p.worst)} from ${str(p.start)} ${p.end ? `to ${str(p.end)}` : "and still is"} (${str(p.duration)}).`,
  "incident.report.impact": () => "Impact",
  "incident.report.impact-text": () => "Who and what was affected, and how badly (to be written).",
  "incident.report.root-causes": () => "Root causes",
  "incident.report.trigger": () => "Trigger",
  "incident.report.trigger-text": (p) => `The first evidence: ${str(p.start)}.`,
  "incident.report.detection": () => "Detection",
  "incident.report.detection-text": (p) => `Cascade detected it at ${str(p.detected)}, ${str(p.ttd)} after the impact started.`,
  "incident.report.resolution": () => "Resolution",
  "incident.report.resolution-text": (p) =>
    p.resolved ? `Resolved at ${str(p.resolved)}, ${str(p.ttr)} after the impact started.` : "Not resolved yet.",
  "incident.report.acknowledged-text": (p) =>
    p.at ? `Acknowledged by ${str(p.by)} at ${str(p.at)}, ${str(p.tta)} after the impact started.` : "Never acknowledged.",
  "incident.report.action-items": () => "Action items",
  "incident.report.action-items-text": () =>
    "| Action item | Type | Owner | Bug |\n| --- | --- | --- | --- |\n| (to be written) | prevent | | |",
  "incident.report.timeline": () => "Timeline",
  "incident.report.first-last": (p) => `first seen ${str(p.first)}, last seen ${str(p.last)}`,
  "incident.page.title": () => "Incidents",
  "incident.page.empty": () => "No incident recorded yet.",
  "incident.page.open": (p) => `Open incident, ${str(p.age)} old`,
  "incident.page.last-resolved": (p) => `Last incident: ${str(p.title)} (resolved ${str(p.when)})`,
  "incident.page.acknowledged": (p) => `Acknowledged by ${str(p.by)}`,
  "incident.page.not-acknowledged": () => "Not acknowledged",
  "incident.page.acknowledge": () => "Acknowledge",
  "incident.page.note": () => "Note (optional)",
  "incident.page.started": () => "Impact started",
  "incident.page.duration": () => "Duration",
  "incident.page.root-causes": () => "Root causes",
  "incident.page.ttd": () => "Time to detect",
  "incident.page.ttr": () => "Time to resolve",
  "incident.page.ack-by": () => "Acknowledged by",
  "incident.page.timeline": () => "Timeline",
  "incident.page.report": () => "Postmortem draft (Markdown)",
  "incident.page.older": () => "Older incidents",
  "incident.page.all": () => "All incidents",
  "incident.page.uptime": () => "Uptime, last 90 days",
} satisfies Record<string, Template>;
