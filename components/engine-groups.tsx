import type { ContainerView, EngineStatus } from "@/lib/contracts/board";
import { ContainerList } from "./container-list";
import { StatusBadge } from "./status-badge";

// With several Docker engines the containers are grouped by engine, each under a heading with the engine's state.

function engineState(engine: EngineStatus): { tone: "ok" | "bad"; text: string } {
  if (!engine.reachable) return { tone: "bad", text: `does not answer${engine.error ? `: ${engine.error}` : ""}` };
  const swarm = engine.swarm ? ` · Swarm ${engine.swarm.manager ? "manager" : "node"} (${engine.swarm.state})` : "";
  return { tone: "ok", text: `Docker ${engine.version ?? "?"}${swarm}` };
}

export function EngineGroups({ engines, containers, now }: { engines: EngineStatus[]; containers: ContainerView[]; now: Date }) {
  return (
    <div className="grid gap-6">
      {engines.map((engine) => {
        const state = engineState(engine);
        const own = containers.filter((container) => container.engine === engine.name);
        return (
          <section
            key={engine.name}
            data-testid={`engine-${engine.name}`}
            data-reachable={engine.reachable}
            aria-label={`Engine ${engine.name}`}
          >
            <div className="mb-3 flex flex-wrap items-center gap-3">
              <h3 className="font-mono text-lg font-semibold">{engine.name}</h3>
              <StatusBadge tone={state.tone}>{engine.reachable ? "reachable" : "unreachable"}</StatusBadge>
              <span className="text-sm text-slate-600 dark:text-slate-400">{state.text}</span>
              {engine.capped ? (
                <span className="text-sm text-amber-800 dark:text-amber-200">
                  {engine.capped} more containers matched a label selector than the board shows
                </span>
              ) : null}
            </div>
            <ContainerList containers={own} now={now} />
          </section>
        );
      })}
    </div>
  );
}
