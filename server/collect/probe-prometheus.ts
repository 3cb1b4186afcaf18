import "server-only";
import { messageOf } from "@/lib/async/message-of";
import type { PrometheusStatus } from "@/lib/contracts/board";
import type { CascadeConfig } from "@/server/config";
import { recordUpstreamError } from "@/server/metrics/registry";
import { UpstreamError } from "@/server/upstreams/errors";
import { checkReady, getBuildInfo, getRuntimeInfo, listTargets, type PrometheusSettings } from "@/server/upstreams/prometheus/client";
import { probeRules } from "./probe-rules";

export interface PrometheusProbe {
  status: PrometheusStatus;
  /** Every metric name Prometheus has a series of; null when it could not be asked. */
  metricNames: Set<string> | null;
  settings: PrometheusSettings;
}

/** The failure's message; an upstream failure is also counted on Cascade's own metrics. */
function failureOf(reason: unknown): string {
  if (reason instanceof UpstreamError) recordUpstreamError("prometheus", reason.kind);
  return messageOf(reason);
}

/**
 * All of Prometheus's endpoints at once; each failure lands on the part it affects. Never throws. The metric names
 * and the metric -> jobs map are asked by the caller (the panel queries wait for the names, not for the rest).
 */
export async function probePrometheus(
  config: NonNullable<CascadeConfig["prometheus"]>,
  timeoutMs: number,
  asked: { metricNames: Promise<Set<string>>; metricJobs: Promise<Record<string, string[]> | undefined> },
): Promise<PrometheusProbe> {
  const settings = { url: config.url, timeoutMs };
  // Rules and alerts (never rejects) run beside the target list, under the same deadline.
  const rules = probeRules(settings);
  const [ready, build, runtime, targets, names, metricJobs] = await Promise.allSettled([
    checkReady(settings),
    getBuildInfo(settings),
    getRuntimeInfo(settings),
    listTargets(settings),
    asked.metricNames,
    asked.metricJobs,
  ]);
  const reachable = ready.status === "fulfilled";
  const isReady = reachable && ready.value.ready;
  const error = !reachable
    ? failureOf(ready.reason)
    : !isReady
      ? `not ready: ${ready.value.detail}`
      : ([build, runtime, targets, names].flatMap((part) => (part.status === "rejected" ? [failureOf(part.reason)] : []))[0] ?? null);
  return {
    settings,
    metricNames: names.status === "fulfilled" ? names.value : null,
    status: {
      url: config.url,
      container: config.container ?? null,
      reachable,
      ready: isReady,
      version: build.status === "fulfilled" ? build.value.version : null,
      reloadConfigSuccess: runtime.status === "fulfilled" ? runtime.value.reloadConfigSuccess : null,
      lastConfigTime: runtime.status === "fulfilled" ? runtime.value.lastConfigTime : null,
      startTime: runtime.status === "fulfilled" ? runtime.value.startTime : null,
      targets: targets.status === "fulfilled" ? targets.value : [],
      ...(metricJobs.status === "fulfilled" && metricJobs.value ? { metricJobs: metricJobs.value } : {}),
      rules: await rules,
      error,
    },
  };
}
