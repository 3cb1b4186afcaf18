import type { ContainerView, TimelineEvent } from "@/lib/contracts/board";
import type { CauseKind } from "@/lib/contracts/diagnosis";
import { containerRef } from "@/lib/engines/container-key";

// The one judge of a watched container's health, used by the board's diagnosis and by verify. Pure: `now` is given.

export const CRASH_LOOP_WINDOW_MS = 10 * 60_000;
export const CRASH_LOOP_DIES = 3;

export type ContainerCauseKind = Extract<CauseKind, `container-${string}`>;

/** Its `die` events with an error exit (code 0 is someone stopping it) in the last 10 minutes. */
export function recentErrorExits(container: ContainerView, timeline: TimelineEvent[], now: Date): TimelineEvent[] {
  const ref = containerRef(container);
  return timeline.filter(
    (event) =>
      event.subject === ref &&
      event.kind === "die" &&
      event.exitCode !== 0 &&
      now.getTime() - Date.parse(event.time) <= CRASH_LOOP_WINDOW_MS,
  );
}

/**
 * What is wrong with the container, or null when it runs well. A crash loop: Docker is restarting it now, or it keeps
 * dying with an error while its policy brings it back. `unknown` (Docker could not be asked) is not judged here: the
 * Docker cause covers it.
 */
export function judgeContainer(container: ContainerView, timeline: TimelineEvent[], now: Date): ContainerCauseKind | null {
  const dies = recentErrorExits(container, timeline, now);
  const loopingNow = container.state === "running" && dies.length >= CRASH_LOOP_DIES && container.restartPolicy?.name !== "no";
  if (container.state === "restarting" || loopingNow) return "container-restarting";
  switch (container.state) {
    case "missing":
      return container.goneSince ? "container-gone" : "container-missing";
    case "removing":
      return "container-missing";
    case "exited":
    case "dead":
      return container.oomKilled ? "container-oom-killed" : "container-exited";
    case "created":
      return container.oomKilled ? "container-oom-killed" : "container-not-started";
    case "paused":
      return "container-paused";
    case "running":
      return container.health?.status === "unhealthy" ? "container-unhealthy" : null;
    case "unknown":
      return null;
  }
}

/** The signal behind an exit code above 128 (137 = SIGKILL, 143 = SIGTERM), else null. */
export function signalOf(exitCode: number | null): string | null {
  const names: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM" };
  return exitCode !== null && exitCode > 128 ? (names[exitCode - 128] ?? `signal ${exitCode - 128}`) : null;
}
