import { z } from "zod";
import { causeRefSchema, stackStatusSchema, summarySchema } from "./diagnosis";
import { prometheusRulesSchema } from "./prometheus-rules";
import { serviceSchema, swarmStatusSchema } from "./services";

// The JSON of GET /api/board: a public contract (docs/board-json.md). Route handlers build it, React Query hooks and
// `cascade check --json` read it; declare each shape once, here.

export const containerStateSchema = z.enum([
  "created",
  "running",
  "paused",
  "restarting",
  "removing",
  "exited",
  "dead",
  /** Docker answered, but no container has this name. */
  "missing",
  /** Docker could not be asked (see `reason`). */
  "unknown",
]);
export type ContainerState = z.infer<typeof containerStateSchema>;

export const restartPolicySchema = z.object({
  name: z.string(),
  maximumRetryCount: z.number().int(),
});

export const containerHealthSchema = z.object({
  status: z.enum(["starting", "healthy", "unhealthy", "none"]),
  failingStreak: z.number().int(),
  lastOutput: z.string().nullable(),
});

export const containerSchema = z.object({
  /** The short name, as Docker knows it on its engine. */
  name: z.string(),
  /** The engine it runs on (`local` in the one-engine form); absent in boards stored before engines existed. */
  engine: z.string().optional(),
  id: z.string().nullable(),
  image: z.string().nullable(),
  state: containerStateSchema,
  exitCode: z.number().int().nullable(),
  oomKilled: z.boolean(),
  /** Docker's own State.Error (e.g. a failed mount), not the process's. */
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  restartCount: z.number().int().nullable(),
  restartPolicy: restartPolicySchema.nullable(),
  health: containerHealthSchema.nullable(),
  /** The last lines of its stdout and stderr, oldest first. */
  logTail: z.array(z.string()),
  /** Why the state is `missing` or `unknown`. */
  reason: z.string().nullable(),
  /** Docker labels (com.docker.compose.project groups containers); absent when the collector did not read them. */
  labels: z.record(z.string(), z.string()).optional(),
  /** Set when cascade.yaml's `ignore:` names it: the reason given there. Never counts in the status. */
  ignored: z.string().optional(),
  /** Found by a label selector (`containers: [{label: ...}]`): the selector. Absent for containers named in config. */
  selector: z.string().optional(),
  /** A selector's container that went away (state `missing`): when it was last seen running (within the last hour). */
  goneSince: z.string().optional(),
});
export type ContainerView = z.infer<typeof containerSchema>;

export const dockerStatusSchema = z.object({
  reachable: z.boolean(),
  version: z.string().nullable(),
  error: z.string().nullable(),
});

/** One Docker engine as the last collection saw it (`docker.engines`, or the one-engine shorthand named `local`). */
export const engineStatusSchema = z.object({
  name: z.string(),
  reachable: z.boolean(),
  version: z.string().nullable(),
  /** false: not in a Swarm; else GET /info's Swarm.LocalNodeState, and whether it is a manager (ControlAvailable). */
  swarm: z.union([z.literal(false), z.object({ state: z.string(), manager: z.boolean() })]).nullable(),
  error: z.string().nullable(),
  /** Containers on it: how many the board shows, and how many a label selector matched but the cap left out. */
  containers: z.number().int().optional(),
  capped: z.number().int().optional(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const prometheusTargetSchema = z.object({
  job: z.string(),
  instance: z.string(),
  scrapeUrl: z.string(),
  health: z.enum(["up", "down", "unknown"]),
  lastError: z.string().nullable(),
  lastScrape: z.string().nullable(),
  /** Seconds. */
  lastScrapeDuration: z.number().nullable(),
  /** Set when cascade.yaml's `ignore:` names its job or target: the reason given there. */
  ignored: z.string().optional(),
});
export type PrometheusTarget = z.infer<typeof prometheusTargetSchema>;

export const prometheusStatusSchema = z.object({
  url: z.string(),
  container: z.string().nullable(),
  /** Something answered HTTP at the URL. */
  reachable: z.boolean(),
  /** `/-/ready` answered 200 (503 while starting or stopping). */
  ready: z.boolean(),
  version: z.string().nullable(),
  reloadConfigSuccess: z.boolean().nullable(),
  lastConfigTime: z.string().nullable(),
  startTime: z.string().nullable(),
  targets: z.array(prometheusTargetSchema),
  /**
   * Metric name -> the jobs that export it now (one query). Absent when unknown: the diagnosis then lets a query
   * without job/instance matchers read from every target.
   */
  metricJobs: z.record(z.string(), z.array(z.string())).optional(),
  /** Its rule groups and firing/pending alerts (lib/contracts/prometheus-rules.ts); absent in boards from before them. */
  rules: prometheusRulesSchema.optional(),
  /** Why it is unreachable or not ready, or what part of the API failed. */
  error: z.string().nullable(),
});
export type PrometheusStatus = z.infer<typeof prometheusStatusSchema>;

export const metricsEndpointSchema = z.object({
  name: z.string(),
  url: z.string(),
  container: z.string().nullable(),
  /** null when nothing answered. */
  httpStatus: z.number().int().nullable(),
  contentType: z.string().nullable(),
  bytes: z.number().int().nullable(),
  latencyMs: z.number().nullable(),
  /** Metric family names found, sorted. */
  families: z.array(z.string()),
  /** Number of samples across all families. */
  samples: z.number().int(),
  expected: z.array(z.string()),
  /** Expected families that are absent. */
  missing: z.array(z.string()),
  /** Lines the parser could not read (first few), e.g. an HTML error page. */
  parseProblems: z.array(z.string()),
  /** Why the endpoint failed: network error, timeout, HTTP status with the start of the body. */
  error: z.string().nullable(),
});
export type MetricsEndpointView = z.infer<typeof metricsEndpointSchema>;

export const queryStatusSchema = z.enum(["ok", "no-data", "missing-metric", "error", "unreachable", "skipped"]);
export type QueryStatus = z.infer<typeof queryStatusSchema>;

export const panelQuerySchema = z.object({
  refId: z.string(),
  /** As written in the dashboard. */
  expr: z.string(),
  /** With template variables substituted: what was run. */
  resolvedExpr: z.string(),
  metrics: z.array(z.string()),
  status: queryStatusSchema,
  missingMetrics: z.array(z.string()),
  /** Prometheus's errorType and message, why it is unreachable, or why it was skipped. */
  error: z.string().nullable(),
  series: z.number().int().nullable(),
  /** When Prometheus last ran it (ISO time); null when it was judged without running, or not run yet. */
  checkedAt: z.string().nullable().optional(),
});
export type PanelQueryView = z.infer<typeof panelQuerySchema>;

export const panelSchema = z.object({
  id: z.number().nullable(),
  title: z.string(),
  type: z.string(),
  rowTitle: z.string().nullable(),
  status: queryStatusSchema,
  queries: z.array(panelQuerySchema),
});
export type PanelView = z.infer<typeof panelSchema>;

export const dashboardStatusSchema = z.enum(["ok", "degraded", "down", "unknown"]);

/** A dashboard as collected: its panels and what their queries answered, no verdict. */
export const dashboardObservationSchema = z.object({
  uid: z.string(),
  title: z.string(),
  source: z.enum(["grafana", "file"]),
  /** Link to the dashboard in Grafana, when grafana.url is set. */
  url: z.string().nullable(),
  panels: z.array(panelSchema),
  /** Why the dashboard itself could not be read. */
  error: z.string().nullable(),
  /** Set when cascade.yaml's `ignore:` names its uid: the reason given there. */
  ignored: z.string().optional(),
});
export type DashboardObservation = z.infer<typeof dashboardObservationSchema>;

/** A dashboard on the board: the observation plus the diagnosis's roll-up (lib/diagnosis/dashboard-status.ts). */
export const dashboardSchema = dashboardObservationSchema.extend({
  status: dashboardStatusSchema,
  /** Panels by status: how many are ok, no-data, missing-metric, error, unreachable, skipped. */
  panelCounts: z.record(queryStatusSchema, z.number().int()),
  /** The root causes that explain why it is not ok. */
  causes: z.array(causeRefSchema).default([]),
});
export type DashboardView = z.infer<typeof dashboardSchema>;

export const grafanaStatusSchema = z.object({
  url: z.string().nullable(),
  dashboardsDir: z.string().nullable(),
  reachable: z.boolean().nullable(),
  version: z.string().nullable(),
  datasources: z.array(
    z.object({ uid: z.string(), name: z.string(), type: z.string(), healthy: z.boolean().nullable(), message: z.string().nullable() }),
  ),
  error: z.string().nullable(),
});

export const timelineEventSchema = z.object({
  time: z.string(),
  /** The container the event is about, as causes name it (`name`, or `engine/name` off the `local` engine), or upstream. */
  subject: z.string(),
  /** Docker's action (die, oom, start, stop, kill, restart, health_status, pause, unpause) or a state change. */
  kind: z.string(),
  text: z.string(),
  exitCode: z.number().int().nullable(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** What one collection saw, before the diagnosis. */
export const observationSchema = z.object({
  generatedAt: z.string(),
  /** How long this collection took, in total and per upstream (ms). */
  collection: z.object({
    durationMs: z.number(),
    /** How long the diagnosis of this observation took (ms); set where the diagnosis runs. */
    diagnosisMs: z.number().optional(),
    upstreamMs: z.record(z.string(), z.number()),
    cached: z.boolean(),
    /** The PromQL queries (`/api/v1/query`) of this collection: run now, judged without running, budget per refresh. */
    queries: z
      .object({ run: z.number().int(), judgedWithoutRunning: z.number().int(), reused: z.number().int(), perRefresh: z.number().int() })
      .optional(),
  }),
  /** The first engine's status, kept for scripts written before `engines` (docs/board-json.md). */
  docker: dockerStatusSchema,
  /** Every engine; absent in boards stored before engines existed. */
  engines: z.array(engineStatusSchema).optional(),
  containers: z.array(containerSchema),
  prometheus: prometheusStatusSchema.nullable(),
  metricsEndpoints: z.array(metricsEndpointSchema),
  grafana: grafanaStatusSchema.nullable(),
  dashboards: z.array(dashboardObservationSchema),
  timeline: z.array(timelineEventSchema),
  /** Swarm services watched (cascade.yaml `services:`); absent when none are configured. lib/contracts/services.ts. */
  services: z.array(serviceSchema).optional(),
  /** Per engine that `services:` asks: is it a Swarm manager, and its nodes. */
  swarm: z.array(swarmStatusSchema).optional(),
});
export type Observation = z.infer<typeof observationSchema>;

export const boardSchema = observationSchema.extend({
  dashboards: z.array(dashboardSchema),
  status: stackStatusSchema,
  summary: summarySchema,
});
export type Board = z.infer<typeof boardSchema>;
