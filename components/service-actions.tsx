"use client";

import { useState } from "react";
import { SCALE_LIMIT, type ServiceView } from "@/lib/contracts/services";
import { makeRenderer } from "@/lib/messages/render-board";
import { buttonClass } from "./action-button";
import { actionKey, useActionControl } from "./action-feedback";
import type { BoardAction } from "./hooks/use-board-action";
import { canAct, useSession } from "./hooks/use-session";

/**
 * A service's Restart (a forced rolling update) and, for replicated services, Scale to a number: operators only
 * (viewers see no buttons here; the cause cards say why they cannot act), results above the services list.
 */
export function ServiceActions({ service }: { service: ServiceView }) {
  const session = useSession();
  const { run, pendingKey, locale } = useActionControl();
  const [replicas, setReplicas] = useState(String(service.desired ?? 1));
  if (!canAct(session.data) || service.state !== "observed") return null;
  const { text } = makeRenderer(locale, new Date());
  const say = (key: string) => text({ key, params: { service: service.name } });
  const restart: BoardAction = { kind: "restart-service", service: service.name, container: null, policy: null };
  const count = Number(replicas);
  const valid = replicas.trim() !== "" && Number.isInteger(count) && count >= 0 && count <= SCALE_LIMIT;
  const scale: BoardAction = { kind: "scale-service", service: service.name, replicas: valid ? count : 0 };
  const label = (action: BoardAction, idle: string) =>
    pendingKey === actionKey(action) ? text({ key: `button.progress.${action.kind}`, params: {} }) : say(idle);
  return (
    <fieldset className="mt-3 flex min-w-0 flex-wrap items-center gap-2 border-0 p-0" aria-label={say("service.actions")}>
      <button
        type="button"
        className={buttonClass}
        disabled={pendingKey !== null}
        aria-busy={pendingKey === actionKey(restart)}
        onClick={() => run(restart)}
        data-action="restart-service"
        data-service={service.name}
      >
        {label(restart, "service.restart")}
      </button>
      {service.mode === "replicated" && (
        <form
          className="flex items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) run(scale);
          }}
        >
          <input
            type="number"
            min={0}
            max={SCALE_LIMIT}
            step={1}
            required
            value={replicas}
            onChange={(event) => setReplicas(event.target.value)}
            aria-label={say("service.replicas")}
            data-testid={`replicas-${service.name}`}
            className="w-20 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm tabular-nums dark:border-slate-700 dark:bg-slate-900"
          />
          <button
            type="submit"
            className={buttonClass}
            disabled={pendingKey !== null || !valid}
            aria-busy={pendingKey === actionKey(scale)}
            data-action="scale-service"
            data-service={service.name}
          >
            {label(scale, "service.scale")}
          </button>
        </form>
      )}
    </fieldset>
  );
}
