import type { Board } from "@/lib/contracts/board";
import { formatRelative } from "@/lib/format/relative-time";
import { card } from "./section";
import { StatusBadge } from "./status-badge";
import { TargetTable } from "./target-table";
import { withKeys } from "./unique-keys";

const number = new Intl.NumberFormat("en");

export function PrometheusDetails({ prometheus, now }: { prometheus: NonNullable<Board["prometheus"]>; now: Date }) {
  const tone = prometheus.ready ? "ok" : "bad";
  return (
    <div className={`${card} space-y-3`} data-testid="prometheus">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-mono text-sm">{prometheus.url}</span>
        <StatusBadge tone={tone}>{prometheus.ready ? "Ready" : prometheus.reachable ? "Not ready" : "Unreachable"}</StatusBadge>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {prometheus.version ? `Version ${prometheus.version}` : "Version unknown"}
        {prometheus.reloadConfigSuccess === false && " · last config reload FAILED"}
        {prometheus.error && ` · ${prometheus.error}`}
      </p>
      {prometheus.targets.length > 0 && <TargetTable targets={prometheus.targets} now={now} />}
    </div>
  );
}

export function MetricsEndpoints({ endpoints }: { endpoints: Board["metricsEndpoints"] }) {
  return (
    <ul className="grid gap-3 lg:grid-cols-2" aria-label="Metrics endpoints">
      {endpoints.map((endpoint) => (
        <li key={endpoint.name} className={`${card} space-y-2`} data-testid={`endpoint-${endpoint.name}`}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-semibold">{endpoint.name}</h3>
            <StatusBadge tone={endpoint.error ? "bad" : endpoint.missing.length ? "warn" : "ok"}>
              {endpoint.httpStatus === null ? "No answer" : `HTTP ${endpoint.httpStatus}`}
            </StatusBadge>
          </div>
          <p className="font-mono text-xs">{endpoint.url}</p>
          <p className="text-sm tabular-nums text-slate-700 dark:text-slate-300">
            {endpoint.bytes !== null ? `${number.format(endpoint.bytes)} bytes` : "—"} · {endpoint.latencyMs ?? "—"} ms ·{" "}
            {endpoint.families.length} families · {number.format(endpoint.samples)} samples
          </p>
          {endpoint.missing.length > 0 && (
            <p className="text-sm">
              Expected but missing: <span className="font-mono">{endpoint.missing.join(", ")}</span>
            </p>
          )}
          {endpoint.error && <p className="break-words text-sm text-red-800 dark:text-red-300">{endpoint.error}</p>}
        </li>
      ))}
    </ul>
  );
}

export function Timeline({ timeline, now }: { timeline: Board["timeline"]; now: Date }) {
  if (timeline.length === 0)
    return <p className="text-slate-600 dark:text-slate-400">No Docker events for the watched containers in the last hour.</p>;
  return (
    <ol className={`${card} max-h-96 space-y-1 overflow-y-auto text-sm`} aria-label="Timeline, newest first" data-testid="timeline">
      {withKeys(timeline, (event) => `${event.time}-${event.subject}-${event.kind}`).map(({ key, item: event }) => (
        <li key={key} className="flex flex-wrap gap-x-3">
          <time dateTime={event.time} className="w-32 shrink-0 tabular-nums text-slate-500">
            {formatRelative(event.time, now)}
          </time>
          <span className="font-mono">{event.subject}</span>
          <span>{event.text}</span>
        </li>
      ))}
    </ol>
  );
}
