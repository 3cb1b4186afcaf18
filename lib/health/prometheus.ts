import { parse as parseYaml } from "yaml";
import { formatRelative } from "@/lib/format/relative-time";
import type { Verdict } from "./verify-steps";

// Pure judges for Prometheus's readiness and the data source, and the bounds of the waits after a (re)start.

/** `/-/ready` is polled for at most this long before the step fails. */
export const READY_TIMEOUT_MS = 30_000;
/**
 * After a (re)start, targets are judged only once one scrape interval has passed (the first scrape of each target
 * lands somewhere in its first interval), plus this margin for the scrape itself. The interval is capped at
 * SCRAPE_WAIT_CAP_MS, so the wait is bounded at 60 s + 1 s whatever the config says.
 */
export const SETTLE_MARGIN_MS = 1_000;
export const SCRAPE_WAIT_CAP_MS = 60_000;
/**
 * Prometheus hands discovered targets to its scrape manager at most every 5 s (the discovery manager's update
 * throttle), so just after a start /api/v1/targets can be empty for that long. The targets step waits for fresh
 * scrapes at most one scrape interval (capped) + this + the margin: 66 s at most.
 */
export const DISCOVERY_DELAY_MS = 5_000;
/** Prometheus's own default for `global.scrape_interval`. */
export const DEFAULT_SCRAPE_INTERVAL_S = 60;

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_SECONDS = [365 * 86_400, 7 * 86_400, 86_400, 3_600, 60, 1, 0.001];

/** A Prometheus duration ("2s", "1m30s", "500ms") in seconds; null when it is not one. */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== "string" || text === "" || text === "0") return text === "0" ? 0 : null;
  const match = DURATION.exec(text.trim());
  if (!match || match.slice(1).every((part) => part === undefined)) return null;
  return match.slice(1).reduce((sum, part, index) => sum + (part ? Number(part) * UNIT_SECONDS[index]! : 0), 0);
}

/**
 * The longest scrape interval in Prometheus's loaded config (`data.yaml` of /api/v1/status/config): the global one,
 * or a job's own when it is longer, since that job's target is the last to be scraped after a start.
 */
export function scrapeIntervalSeconds(configYaml: string): number {
  const doc = parseYaml(configYaml) as { global?: { scrape_interval?: unknown }; scrape_configs?: { scrape_interval?: unknown }[] } | null;
  const global = parseDuration(doc?.global?.scrape_interval) ?? DEFAULT_SCRAPE_INTERVAL_S;
  const jobs = (Array.isArray(doc?.scrape_configs) ? doc.scrape_configs : []).map((job) => parseDuration(job?.scrape_interval) ?? global);
  return Math.max(global, ...jobs);
}

/** The wait before targets are judged: one scrape interval (capped) plus the margin when Prometheus started recently. */
/** How long the targets step may wait for targets to be discovered and scraped since it began. */
export function targetsWaitBoundMs(intervalSeconds: number): number {
  return Math.min(intervalSeconds * 1000, SCRAPE_WAIT_CAP_MS) + DISCOVERY_DELAY_MS + SETTLE_MARGIN_MS;
}

export function settleWaitMs(options: { intervalSeconds: number; startTime: string | null; now: Date; becameReadyNow: boolean }): number {
  const intervalMs = Math.min(options.intervalSeconds * 1000, SCRAPE_WAIT_CAP_MS);
  const started = options.startTime ? Date.parse(options.startTime) : NaN;
  const recent = options.becameReadyNow || (!Number.isNaN(started) && options.now.getTime() - started < 2 * options.intervalSeconds * 1000);
  return recent ? intervalMs + SETTLE_MARGIN_MS : 0;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export interface ReadyObservation {
  ready: boolean;
  /** The last answer of /-/ready ("HTTP 503: …") or why nothing answered. */
  detail: string;
  polledMs: number;
  startTime: string | null;
  intervalSeconds: number;
  /** Why the scrape interval is the default: /api/v1/status/config could not be read. */
  intervalError: string | null;
  waitedMs: number;
}

export function judgeReady(observed: ReadyObservation, now: Date): Verdict {
  if (!observed.ready)
    return {
      status: "failed",
      detail: `not ready after ${seconds(observed.polledMs)} (polled up to ${seconds(READY_TIMEOUT_MS)}): ${observed.detail}`,
    };
  const after = observed.polledMs >= 500 ? ` after ${seconds(observed.polledMs)}` : "";
  const since = observed.startTime ? `, started ${formatRelative(observed.startTime, now) ?? observed.startTime}` : "";
  const interval = observed.intervalError
    ? `scrape interval unknown (${observed.intervalError}), assumed ${DEFAULT_SCRAPE_INTERVAL_S} s`
    : `scrape interval ${observed.intervalSeconds} s`;
  const waited =
    observed.waitedMs > 0
      ? `; it started recently, so waited one scrape interval plus ${seconds(SETTLE_MARGIN_MS)} (${seconds(observed.waitedMs)}; bound ${seconds(SCRAPE_WAIT_CAP_MS + SETTLE_MARGIN_MS)}) before judging targets`
      : "";
  return { status: "passed", detail: `ready${after} (${observed.detail})${since}; ${interval}${waited}` };
}

export type UpQueryAnswer =
  | { kind: "data"; series: number }
  | { kind: "error"; errorType: string; message: string }
  | { kind: "unreachable"; message: string };

/** Without Grafana, the data source is Prometheus itself: the instant query `up` must return at least one series. */
export function judgeUpQuery(answer: UpQueryAnswer): Verdict {
  if (answer.kind === "unreachable") return { status: "failed", detail: `Prometheus cannot be queried: ${answer.message}` };
  if (answer.kind === "error") return { status: "failed", detail: `the query up was rejected: ${answer.errorType}: ${answer.message}` };
  if (answer.series === 0) return { status: "failed", detail: "the query up returned no series: Prometheus has scraped nothing yet" };
  return { status: "passed", detail: `the query up returned ${answer.series} series` };
}

export interface DatasourceCheck {
  uid: string;
  name: string;
  ok: boolean;
  message: string;
}

/** With Grafana, every Prometheus data source must pass Grafana's own health check. */
export function judgeGrafanaDatasources(checks: DatasourceCheck[], listError: string | null): Verdict {
  if (listError !== null) return { status: "failed", detail: `Grafana's data sources cannot be listed: ${listError}` };
  if (checks.length === 0) return { status: "failed", detail: "Grafana has no Prometheus data source" };
  const failing = checks.filter((check) => !check.ok);
  if (failing.length > 0)
    return { status: "failed", detail: failing.map((check) => `${check.name} (${check.uid}): ${check.message}`).join("; ") };
  return { status: "passed", detail: checks.map((check) => `${check.name}: ${check.message}`).join("; ") };
}
