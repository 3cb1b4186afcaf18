import "server-only";
import crypto from "node:crypto";
import path from "node:path";
import { messageOf } from "@/lib/async/message-of";
import { sleep } from "@/lib/async/sleep";
import type { MetricsEndpointView, Observation, PrometheusTarget } from "@/lib/contracts/board";
import type { VerifyRun } from "@/lib/contracts/operations";
import { type DashboardContext, judgeDashboard } from "@/lib/health/dashboards";
import { unprobedEndpointView } from "@/lib/health/endpoint";
import { SCRAPE_WAIT_CAP_MS, SETTLE_MARGIN_MS } from "@/lib/health/prometheus";
import {
  dashboardSteps,
  dependencyVerdict,
  explainingEndpoint,
  judgeTargets,
  type PlannedStep,
  planVerify,
  runStatusOf,
  type Verdict,
} from "@/lib/health/verify-steps";
import { collectBoard } from "@/server/collect/collect-board";
import { probeDashboards } from "@/server/collect/probe-dashboards";
import { type CascadeConfig, getSettings } from "@/server/config";
import { errorFields, getLogger } from "@/server/log/logger";
import { processSingleton } from "@/server/process-singleton";
import { getStore } from "@/server/store";
import { verifyNode, verifyService } from "./service-convergence";
import { observeTargets, verifyContainer, verifyDatasource, verifyEndpoint, verifyPrometheusReady } from "./step-probes";

// Runs the verify steps one after another, keeping the run in memory and in the store after every change, so
// GET /api/verify/{id} shows its progress. One run at a time per process. Verifying changes nothing, so it is not an
// action: it collects again and judges with lib/health, the judges the board's diagnosis uses.

const KEEP_RUNS = 20;

export interface VerifyTarget {
  config: CascadeConfig;
  configDir: string;
}

interface RunState extends VerifyTarget {
  endpointViews: Map<string, MetricsEndpointView>;
  notPassed: Map<string, "failed" | "skipped">;
  intervalSeconds: number;
  dashboards: Promise<Observation> | null;
}

class VerifyRuns {
  private readonly runs = new Map<string, VerifyRun>();
  active: { id: string; done: Promise<VerifyRun> } | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly listeners = new Map<string, Set<(run: VerifyRun) => void>>();

  /** Calls `listener` with every new state of run `id` (the SSE stream of GET /api/verify/{id}/events). */
  subscribe(id: string, listener: (run: VerifyRun) => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(listener);
    this.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /** Keeps a copy in memory (the last KEEP_RUNS runs) and writes it to the store, in order. */
  publish(run: VerifyRun): Promise<void> {
    const snapshot = structuredClone(run);
    for (const listener of this.listeners.get(run.id) ?? []) listener(structuredClone(snapshot));
    this.runs.delete(run.id);
    this.runs.set(run.id, snapshot);
    for (const id of this.runs.keys()) if (this.runs.size > KEEP_RUNS) this.runs.delete(id);
    // The store is the run's record, not a gate: a failed write is logged and the run goes on in memory.
    this.saving = this.saving
      .then(() => getStore().saveVerifyRun(snapshot))
      .catch((error: unknown) => getLogger().error(errorFields(error), "cannot save verify run"));
    return this.saving;
  }
  get(id: string): VerifyRun | null {
    const run = this.runs.get(id);
    return run ? structuredClone(run) : null;
  }
  latest(): VerifyRun | null {
    const newest = [...this.runs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    return newest ? structuredClone(newest) : null;
  }
}

const registry = () => processSingleton("verify-runs", () => new VerifyRuns());
const settleMs = (state: RunState) => Math.min(state.intervalSeconds * 1000, SCRAPE_WAIT_CAP_MS) + SETTLE_MARGIN_MS;

function dashboardContext(state: RunState, observation: Observation): DashboardContext {
  return { endpoints: [...state.endpointViews.values()], notPassed: state.notPassed, targets: observation.prometheus?.targets ?? [] };
}

/**
 * One collection for all dashboard steps. `rate(x[1m])` needs two samples in its window, so just after a target
 * recovers a panel can be empty for one scrape interval: when a dashboard fails on a no-data panel, it gets one
 * second look after one scrape interval (capped at 60 s) plus the margin.
 */
async function collectForDashboards(state: RunState): Promise<Observation> {
  const first = await collectBoard(state.config, { configDir: state.configDir, freshQueries: true });
  const transient = first.dashboards.some(
    (dashboard) =>
      judgeDashboard(dashboard, dashboardContext(state, first)).status === "failed" &&
      dashboard.panels.some((panel) => panel.status === "no-data"),
  );
  if (!transient) return first;
  await sleep(settleMs(state));
  return collectBoard(state.config, { configDir: state.configDir, freshQueries: true });
}

/** The one collection the dashboard steps share, started by the first that needs it. */
function dashboardsObservation(state: RunState): Promise<Observation> {
  if (state.dashboards === null) state.dashboards = collectForDashboards(state);
  return state.dashboards;
}

/** The plan with the placeholder replaced by one step per dashboard (a new array; none is changed in place). */
function expandDashboards(plan: PlannedStep[], dashboards: { uid: string; title: string }[]): PlannedStep[] | null {
  const index = plan.findIndex((planned) => planned.subject.type === "dashboards");
  if (index < 0 || dashboards.length === 0) return null;
  return [...plan.slice(0, index), ...dashboardSteps(dashboards, plan[index]!.step.dependsOn), ...plan.slice(index + 1)];
}

async function runStep({ subject }: PlannedStep, state: RunState): Promise<Verdict> {
  const prometheus = state.config.prometheus ? { url: state.config.prometheus.url, timeoutMs: state.config.timeouts.upstreamMs } : null;
  switch (subject.type) {
    case "container":
      return verifyContainer(state.config, subject.container, state.configDir);
    case "service":
      return verifyService(state.config, subject.service);
    case "node":
      return verifyNode(state.config, subject.node);
    case "endpoint": {
      const endpoint = state.config.metricsEndpoints.find((candidate) => candidate.name === subject.endpoint)!;
      const { verdict, view } = await verifyEndpoint(state.config, endpoint);
      state.endpointViews.set(subject.endpoint, view);
      return verdict;
    }
    case "prometheus-ready": {
      const { verdict, intervalSeconds } = await verifyPrometheusReady(prometheus!);
      state.intervalSeconds = intervalSeconds;
      return verdict;
    }
    case "targets": {
      const endpoints = [...state.endpointViews.values()];
      const explained = (target: PrometheusTarget) => explainingEndpoint(target, endpoints, state.notPassed) !== null;
      const seen = await observeTargets(prometheus!, state.intervalSeconds, explained);
      const verdict = judgeTargets(seen.targets, endpoints, state.notPassed);
      if (seen.waitedMs < 250) return verdict;
      const waited = `waited ${(seen.waitedMs / 1000).toFixed(1)} s (bound ${seen.boundMs / 1000} s) for targets to be discovered and scraped since the step began`;
      return { ...verdict, detail: `${verdict.detail}; ${waited}` };
    }
    case "datasource":
      return verifyDatasource(state.config);
    case "dashboards": {
      const observation = await dashboardsObservation(state);
      const where = state.config.grafana?.url ?? state.config.grafana?.dashboardsDir;
      if (observation.grafana?.error) return { status: "failed", detail: `the dashboards cannot be read: ${observation.grafana.error}` };
      return { status: "skipped", detail: `no dashboards found in ${where}` };
    }
    case "dashboard": {
      const observation = await dashboardsObservation(state);
      const dashboard = observation.dashboards.find((candidate) => candidate.uid === subject.uid);
      if (!dashboard) return { status: "failed", detail: "the dashboard is no longer found" };
      return judgeDashboard(dashboard, dashboardContext(state, observation));
    }
  }
}

/** Runs the plan step by step: each round takes the first pending step, so expanding the dashboards is safe. */
async function execute(run: VerifyRun, initial: PlannedStep[], state: RunState): Promise<VerifyRun> {
  let plan = initial;
  const save = () => {
    run.steps = plan.map(({ step }) => step);
    return registry().publish(run);
  };
  // The dashboards are listed up front (files or Grafana, no queries), so the page shows every step from the start.
  const placeholder = plan.some((planned) => planned.subject.type === "dashboards");
  const listed = placeholder ? await probeDashboards(state.config, state.configDir, null).catch(() => null) : null;
  const expanded = listed && expandDashboards(plan, listed.dashboards);
  if (expanded) {
    plan = expanded;
    await save();
  }
  for (let next = plan.find((planned) => planned.step.status === "pending"); next; next = plan.find((p) => p.step.status === "pending")) {
    const current = next;
    const skip = dependencyVerdict(current, plan);
    if (!skip) {
      Object.assign(current.step, { status: "running", startedAt: new Date().toISOString() });
      await save();
    }
    if (!skip && current.subject.type === "dashboards") {
      // Not listed at the start (Grafana did not answer): the collection may know them now.
      const observation = await dashboardsObservation(state).catch(() => null);
      const later = observation && expandDashboards(plan, observation.dashboards);
      if (later) {
        plan = later;
        continue;
      }
    }
    const verdict =
      skip ??
      (await runStep(current, state).catch(
        (error: unknown): Verdict => ({ status: "failed", detail: `could not be checked: ${messageOf(error)}` }),
      ));
    Object.assign(current.step, { status: verdict.status, detail: verdict.detail, finishedAt: new Date().toISOString() });
    if (current.subject.type === "endpoint" && verdict.status !== "passed") state.notPassed.set(current.subject.endpoint, verdict.status);
    await save();
  }
  Object.assign(run, { status: runStatusOf(run.steps), finishedAt: new Date().toISOString() });
  await save();
  return structuredClone(run);
}

function settingsTarget(): VerifyTarget {
  const { config, configPath } = getSettings();
  return { config, configDir: path.dirname(configPath) };
}

/**
 * Starts a verify run in the background, or returns the one already running (`started: false`). `done` resolves
 * with the finished run.
 */
export function startVerifyRun(
  actor: string,
  target: VerifyTarget = settingsTarget(),
): { run: VerifyRun; started: boolean; done: Promise<VerifyRun> } {
  const runs = registry();
  const active = runs.active && runs.get(runs.active.id);
  if (runs.active && active?.status === "running") return { run: active, started: false, done: runs.active.done };
  const run: VerifyRun = {
    id: crypto.randomUUID(),
    actor,
    status: "running",
    startedAt: new Date().toISOString(),
    finishedAt: null,
    steps: [],
  };
  const plan = planVerify(target.config);
  run.steps = plan.map(({ step }) => step);
  const state: RunState = {
    ...target,
    endpointViews: new Map(target.config.metricsEndpoints.map((endpoint) => [endpoint.name, unprobedEndpointView(endpoint)])),
    notPassed: new Map(),
    intervalSeconds: 60,
    dashboards: null,
  };
  const snapshot = structuredClone(run);
  void runs.publish(run);
  const done = execute(run, plan, state)
    .catch(async (error: unknown) => {
      // A bug must not leave a run "running" forever.
      getLogger().error(errorFields(error), "verify run failed");
      const finishedAt = new Date().toISOString();
      for (const step of run.steps.filter((candidate) => candidate.status === "running"))
        Object.assign(step, { status: "failed", detail: `the run stopped: ${messageOf(error)}`, finishedAt });
      Object.assign(run, { status: "failed", finishedAt });
      await runs.publish(run);
      return structuredClone(run);
    })
    .finally(() => {
      if (runs.active?.id === run.id) runs.active = null;
    });
  runs.active = { id: run.id, done };
  return { run: snapshot, started: true, done };
}

export async function findVerifyRun(id: string): Promise<VerifyRun | null> {
  return registry().get(id) ?? (await getStore().getVerifyRun(id));
}

export async function findLatestVerifyRun(): Promise<VerifyRun | null> {
  return registry().latest() ?? (await getStore().latestVerifyRun());
}

export function subscribeToVerifyRun(id: string, listener: (run: VerifyRun) => void): () => void {
  return registry().subscribe(id, listener);
}
