"use client";

import type { ServiceView, SwarmStatus } from "@/lib/contracts/services";
import type { Tone } from "@/lib/format/container-status";
import { formatRelative } from "@/lib/format/relative-time";
import { card } from "./section";
import { StatusBadge } from "./status-badge";

// The engineer view of Swarm services: desired against running, and the failing tasks with Docker's error and their
// last lines. What the board judges is in the causes; this shows what was seen.

const FAILED = new Set(["failed", "rejected"]);

function serviceTone(service: ServiceView): { tone: Tone; text: string } {
  if (service.state === "unknown") return { tone: "unknown", text: "unknown" };
  if (service.state === "missing") return { tone: "bad", text: "missing" };
  const counts = `${service.running}/${service.desired ?? "?"} running`;
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

export function ServiceList({ services, swarm, now }: { services: ServiceView[]; swarm: SwarmStatus[]; now: Date }) {
  const nodes = swarm.flatMap((engine) => engine.nodes.map((node) => ({ ...node, engine: engine.engine })));
  return (
    <>
      <SwarmNotes swarm={swarm} />
      <ul className="grid gap-3 lg:grid-cols-2" aria-label="Services">
        {services.map((service) => {
          const status = serviceTone(service);
          const failing = service.tasks.filter((task) => FAILED.has(task.state) || (task.error !== null && task.state !== "running"));
          return (
            <li
              key={`${service.engine}/${service.name}`}
              data-testid={`service-${service.name}`}
              data-state={service.state}
              className={card}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="font-mono text-base font-semibold">{service.name}</h3>
                <StatusBadge tone={status.tone}>{status.text}</StatusBadge>
              </div>
              <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
                <dt>Engine</dt>
                <dd className="font-mono">{service.engine}</dd>
                <dt>Mode</dt>
                <dd>{service.mode}</dd>
                {service.updateStatus && (
                  <>
                    <dt>Update</dt>
                    <dd>
                      {service.updateStatus.state}
                      {service.updateStatus.message ? `: ${service.updateStatus.message}` : ""}
                    </dd>
                  </>
                )}
                {service.image && (
                  <>
                    <dt>Image</dt>
                    <dd className="truncate font-mono">{service.image}</dd>
                  </>
                )}
                {service.reason && (
                  <>
                    <dt>Why</dt>
                    <dd>{service.reason}</dd>
                  </>
                )}
              </dl>
              {failing.length > 0 && (
                <details className="mt-3" open={status.tone !== "ok"}>
                  <summary className="cursor-pointer text-sm font-medium">Failing tasks ({failing.length})</summary>
                  <ul className="mt-2 space-y-2 text-sm">
                    {failing.slice(0, 5).map((task) => (
                      <li key={task.id} data-testid={`task-${task.id}`}>
                        <span className="font-mono">{task.id.slice(0, 12)}</span> {task.state}
                        {task.slot !== null ? `, slot ${task.slot}` : ""}
                        {task.node ? ` on ${task.node}` : ""}, {formatRelative(task.updatedAt, now) ?? "?"}:{" "}
                        <strong>{task.error ?? task.message ?? "no error given"}</strong>
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
            </li>
          );
        })}
      </ul>
      {nodes.length > 0 && (
        <table className="mt-3 w-full text-left text-sm" aria-label="Swarm nodes">
          <thead>
            <tr>
              <th className="py-1 pr-3">Node</th>
              <th className="py-1 pr-3">Role</th>
              <th className="py-1 pr-3">State</th>
              <th className="py-1 pr-3">Availability</th>
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
