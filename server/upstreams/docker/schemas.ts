import { z } from "zod";
import type { ContainerView } from "@/lib/contracts/board";

// What GET /containers/{id}/json answers (Docker Engine API v1.41+), as far as the board reads it.
// https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Container/operation/ContainerInspect
export const containerInspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Config: z.object({ Image: z.string().optional() }).partial().nullable().optional(),
  State: z.object({
    Status: z.enum(["created", "running", "paused", "restarting", "removing", "exited", "dead"]),
    OOMKilled: z.boolean().default(false),
    ExitCode: z.number().int().default(0),
    Error: z.string().default(""),
    StartedAt: z.string().default(""),
    FinishedAt: z.string().default(""),
    Health: z
      .object({
        Status: z.string(),
        FailingStreak: z.number().int().default(0),
        Log: z
          .array(z.object({ Output: z.string().default(""), ExitCode: z.number().int().optional() }))
          .nullable()
          .default([]),
      })
      .optional(),
  }),
  RestartCount: z.number().int().default(0),
  HostConfig: z
    .object({
      RestartPolicy: z.object({ Name: z.string().default("no"), MaximumRetryCount: z.number().int().default(0) }).optional(),
    })
    .optional(),
});
export type ContainerInspect = z.infer<typeof containerInspectSchema>;

// What GET /containers/json?all=1 answers per container, as far as the board reads it.
// https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Container/operation/ContainerList
export const containerListEntrySchema = z.object({
  Id: z.string(),
  Names: z.array(z.string()).default([]),
  Image: z.string().default(""),
  State: z.string().default(""),
  Status: z.string().default(""),
  Labels: z.record(z.string(), z.string()).nullable().default({}),
});
export const containerListSchema = z.array(containerListEntrySchema);
export type ContainerListEntry = z.infer<typeof containerListEntrySchema>;

/**
 * What in a list entry means "look again": the container (Id), its state, and the parenthesis of its status
 * ("Exited (3) ...", "Up ... (unhealthy)", "Up ... (Paused)"), but not the relative time, which changes every minute.
 */
export function listEntryKey(entry: ContainerListEntry): string {
  return `${entry.Id}|${entry.State}|${/\(([^)]*)\)/.exec(entry.Status)?.[1] ?? ""}`;
}

export const versionSchema = z.object({ Version: z.string(), ApiVersion: z.string().optional() });

/** Docker writes the zero time "0001-01-01T00:00:00Z" for "never". */
function dockerTime(value: string): string | null {
  return value === "" || value.startsWith("0001-01-01") ? null : value;
}

const healthStatuses = new Set(["starting", "healthy", "unhealthy", "none"]);

export function reshapeContainer(name: string, inspect: ContainerInspect, logTail: string[]): ContainerView {
  const { State: state } = inspect;
  const health = state.Health;
  const lastProbe = health?.Log?.at(-1);
  const policy = inspect.HostConfig?.RestartPolicy;
  return {
    name,
    id: inspect.Id.slice(0, 12),
    image: inspect.Config?.Image ?? null,
    state: state.Status,
    // ExitCode is the last exit's; while running, paused or created it says nothing about now.
    exitCode: state.Status === "exited" || state.Status === "dead" || state.Status === "restarting" ? state.ExitCode : null,
    oomKilled: state.OOMKilled,
    error: state.Error === "" ? null : state.Error,
    startedAt: dockerTime(state.StartedAt),
    finishedAt: dockerTime(state.FinishedAt),
    restartCount: inspect.RestartCount,
    restartPolicy: { name: policy?.Name || "no", maximumRetryCount: policy?.MaximumRetryCount ?? 0 },
    health: health
      ? {
          status: (healthStatuses.has(health.Status) ? health.Status : "none") as "starting" | "healthy" | "unhealthy" | "none",
          failingStreak: health.FailingStreak,
          lastOutput: lastProbe ? lastProbe.Output.trim() : null,
        }
      : null,
    logTail,
    reason: null,
  };
}

export function unobservedContainer(name: string, state: "missing" | "unknown", reason: string): ContainerView {
  return {
    name,
    id: null,
    image: null,
    state,
    exitCode: null,
    oomKilled: false,
    error: null,
    startedAt: null,
    finishedAt: null,
    restartCount: null,
    restartPolicy: null,
    health: null,
    logTail: [],
    reason,
  };
}
