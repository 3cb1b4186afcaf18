import type { ContainerView } from "@/lib/contracts/board";
import { formatRelative } from "./relative-time";

export type Tone = "ok" | "warn" | "bad" | "unknown";

/** The words `docker ps` would use: "Up 3 minutes", "Exited (0) 22 minutes ago", plus a tone for colour and icon. */
export function describeContainerState(container: ContainerView, now: Date): { text: string; tone: Tone } {
  const since = (iso: string | null) => formatRelative(iso, now);
  switch (container.state) {
    case "running": {
      const up = since(container.startedAt)?.replace(/ ago$/, "");
      const health = container.health && container.health.status !== "none" ? ` (${container.health.status})` : "";
      const tone: Tone = container.health?.status === "unhealthy" ? "bad" : container.health?.status === "starting" ? "warn" : "ok";
      return { text: `Up ${up ?? ""}${health}`.replace(/\s+/g, " ").trim(), tone };
    }
    case "exited":
    case "dead": {
      const oom = container.oomKilled ? ", OOM-killed" : "";
      const label = container.state === "dead" ? "Dead" : "Exited";
      return { text: `${label} (${container.exitCode ?? "?"}${oom}) ${since(container.finishedAt) ?? ""}`.trim(), tone: "bad" };
    }
    case "restarting":
      return { text: `Restarting (${container.exitCode ?? "?"}), ${container.restartCount ?? 0} restarts`, tone: "bad" };
    case "paused":
      return { text: "Paused", tone: "warn" };
    case "created":
      return { text: "Created, never started", tone: "warn" };
    case "removing":
      return { text: "Being removed", tone: "warn" };
    case "missing":
      return { text: "Missing: no such container", tone: "bad" };
    case "unknown":
      return { text: "Unknown: Docker cannot be asked", tone: "unknown" };
  }
}
