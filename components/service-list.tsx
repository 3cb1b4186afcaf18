"use client";

import type { ReactNode } from "react";
import type { ServiceView, SwarmStatus } from "@/lib/contracts/services";
import type { Tone } from "@/lib/format/container-status";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale, Params } from "@/lib/messages/types";
import { card } from "./section";
import { StatusBadge } from "./status-badge";

// The engineer view of Swarm services: desired against running, and the failing tasks with Docker's error and their
// last lines. What the board judges is in the causes; this shows what was seen. The live board passes
// `renderActions` (restart and scale for operators) and `results`; snapshots pass neither and import no button code.

const FAILED = new Set(["failed", "rejected"]);
type Say = (key: string, params?: Params) => string;

function serviceTone(service: ServiceView, say: Say): { tone: Tone; text: string } {
  if (service.state === "unknown") return { tone: "unknown", text: say("service.unknown") };
  if (service.state === "missing") return { tone: "bad", text: say("service.missing") };
  const counts = say("service.running", { running: service.running, desired: service.desired });
  if (service.desired !== null && service.running < service.desired) return { tone: service.running === 0 ? "bad" : "warn", text: counts };
  return { tone: "ok", text: counts };
}

export function SwarmNotes({ swarm }: { swarm: SwarmStatus[] }) {
  const notes = swarm.filter((engine) => engine.error !== null);
  if (notes.length === 0) return null;
  return (
    <ul role="alert" className="space-y-1 text-amber-800 dark:text-amber-200">
      {notes.map((engine) => (
        <li key={engine.engine}>{engine.error}</li>
      ))}
    </ul>
  );
}

function ServiceCard({
  service,
  say,
  renderActions,
}: {
  service: ServiceView;
  say: Say;
  renderActions?: (service: ServiceView) => ReactNode;
}) {
  const status = serviceTone(service, say);
  const failing = service.tasks.filter((task) => FAILED.has(task.state) || (task.error !== null && task.state !== "running"));
  const fact = (label: string, value: ReactNode, className = "") => (
    <>
      <dt>{say(label)}</dt>
      <dd className={className}>{value}</dd>
    </>
  );
  return (
    <li
      data-testid={`service-${service.name}`}
      data-state={service.state}
      data-desired={service.desired ?? ""}
      data-running={service.running}
      className={card}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-mono text-base font-semibold">{service.name}</h3>
        <StatusBadge tone={status.tone}>{status.text}</StatusBadge>
      </div>
      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
        {fact("service.engine", service.engine, "font-mono")}
        {fact("service.mode", service.mode)}
        {service.updateStatus &&
          fact("service.update", `${service.updateStatus.state}${service.updateStatus.message ? `: ${service.updateStatus.message}` : ""}`)}
        {service.image && fact("service.image", service.image, "truncate font-mono")}
        {service.reason && fact("service.why", service.reason)}
      </dl>
      {failing.length > 0 && (
        <details className="mt-3" open={status.tone !== "ok"}>
          <summary className="cursor-pointer text-sm font-medium">{say("service.failing-tasks", { count: failing.length })}</summary>
          <ul className="mt-2 space-y-2 text-sm">
            {failing.slice(0, 5).map((task) => (
              <li key={task.id} data-testid={`task-${task.id}`}>
                <span className="font-mono">{task.id.slice(0, 12)}</span>{" "}
                {say("service.task", { state: task.state, slot: task.slot, node: task.node, updatedAt: task.updatedAt })}{" "}
                <strong data-testid="task-error">{task.error ?? task.message ?? say("service.no-error")}</strong>
                {task.logTail.length > 0 && (
                  <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs leading-5 text-slate-100">
                    {task.logTail.join("\n")}
                  </pre>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {renderActions?.(service)}
    </li>
  );
}

export function ServiceList({
  services,
  swarm,
  now,
  locale = "en",
  renderActions,
  results,
}: {
  services: ServiceView[];
  swarm: SwarmStatus[];
  now: Date;
  locale?: Locale;
  renderActions?: (service: ServiceView) => ReactNode;
  results?: ReactNode;
}) {
  const { text } = makeRenderer(locale, now);
  const say: Say = (key, params = {}) => text({ key, params });
  const nodes = swarm.flatMap((engine) => engine.nodes.map((node) => ({ ...node, engine: engine.engine })));
  const head = (key: string) => <th className="py-1 pr-3">{say(key)}</th>;
  return (
    <>
      <SwarmNotes swarm={swarm} />
      {results}
      <ul className="grid gap-3 lg:grid-cols-2" aria-label={say("service.list")}>
        {services.map((service) => (
          <ServiceCard key={`${service.engine}/${service.name}`} service={service} say={say} renderActions={renderActions} />
        ))}
      </ul>
      {nodes.length > 0 && (
        <table className="mt-3 w-full text-left text-sm" aria-label={say("node.table")}>
          <thead>
            <tr>
              {head("node.name")}
              {head("node.role")}
              {head("node.state")}
              {head("node.availability")}
            </tr>
          </thead>
          <tbody>
            {nodes.map((node) => (
              <tr key={`${node.engine}/${node.id}`} data-testid={`node-${node.hostname}`}>
                <td className="py-1 pr-3 font-mono">{node.hostname}</td>
                <td className="py-1 pr-3">{node.role}</td>
                <td className="py-1 pr-3">
                  <StatusBadge tone={node.state === "ready" ? "ok" : "bad"}>{node.state}</StatusBadge>
                </td>
                <td className="py-1 pr-3">{node.availability}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
