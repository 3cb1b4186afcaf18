import "server-only";
import { messageOf } from "@/lib/async/message-of";
import { sleep } from "@/lib/async/sleep";
import type { PrometheusTarget } from "@/lib/contracts/board";
import { LOCAL_ENGINE, splitRef } from "@/lib/engines/container-key";
import {
  DEFAULT_SCRAPE_INTERVAL_S,
  judgeGrafanaDatasources,
  judgeReady,
  judgeUpQuery,
  READY_TIMEOUT_MS,
  type ReadyObservation,
  scrapeIntervalSeconds,
  settleWaitMs,
  targetsWaitBoundMs,
  type UpQueryAnswer,
} from "@/lib/health/prometheus";
import { containerVerdict, type EndpointConfig, endpointVerdict, type Verdict } from "@/lib/health/verify-steps";
import { probeMetricsEndpoint } from "@/server/collect/probe-metrics-endpoint";
import type { CascadeConfig } from "@/server/config";
import { inspectWatchedContainer } from "@/server/upstreams/docker/client";
import { getEngineDocker } from "@/server/upstreams/docker/engines";
import { getDockerEventFeed } from "@/server/upstreams/docker/events";
import { unobservedContainer } from "@/server/upstreams/docker/schemas";
import { checkDatasourceHealth, listDatasources } from "@/server/upstreams/grafana/client";
import {
  checkReady,
  getConfigYaml,
  getRuntimeInfo,
  listTargets,
  type PrometheusSettings,
  runInstantQuery,
} from "@/server/upstreams/prometheus/client";

// The I/O of each verify step: read the upstream, hand what was seen to a pure judge. Nothing here changes anything.

const POLL_MS = 500;

/** `ref` is the board's ref: `name` on the `local` engine, else `engine/name`. */
export async function verifyContainer(config: CascadeConfig, ref: string, configDir: string): Promise<Verdict> {
  const { engine, name } = splitRef(ref);
  const engineName = engine ?? LOCAL_ENGINE;
  const inspect = async () => {
    const engineConfig = config.engines.find((candidate) => candidate.name === engineName);
    if (!engineConfig) return unobservedContainer(name, "unknown", `no engine named ${engineName}`);
    return inspectWatchedContainer(getEngineDocker(engineConfig, configDir), name, config.timeouts.upstreamMs);
  };
  const container = await inspect().catch((error: unknown) => unobservedContainer(name, "unknown", messageOf(error)));
  return containerVerdict({ ...container, engine: engineName }, getDockerEventFeed().timeline(), new Date());
}

/** Collects the endpoint again, the way the board does, and judges it with the board's judge. */
export async function verifyEndpoint(config: CascadeConfig, endpoint: EndpointConfig) {
  const view = await probeMetricsEndpoint(endpoint, config.timeouts.upstreamMs);
  return { verdict: endpointVerdict(view), view };
}

async function readScrapeInterval(settings: PrometheusSettings): Promise<{ seconds: number; error: string | null }> {
  try {
    return { seconds: scrapeIntervalSeconds(await getConfigYaml(settings)), error: null };
  } catch (error) {
    return { seconds: DEFAULT_SCRAPE_INTERVAL_S, error: messageOf(error) };
  }
}

async function readyOnce(settings: PrometheusSettings): Promise<{ ready: boolean; detail: string }> {
  return checkReady(settings).catch((error: unknown) => ({ ready: false, detail: messageOf(error) }));
}

/**
 * Polls /-/ready for up to READY_TIMEOUT_MS (30 s). When Prometheus started recently (within two scrape intervals, or
 * it became ready while we polled), waits one scrape interval (capped at 60 s) plus a 1 s margin before returning,
 * so the targets step judges real scrapes rather than "not scraped yet". Returns the interval for later waits.
 */
export async function verifyPrometheusReady(settings: PrometheusSettings): Promise<{ verdict: Verdict; intervalSeconds: number }> {
  const started = Date.now();
  let answer = await readyOnce(settings);
  const becameReadyNow = !answer.ready;
  while (!answer.ready && Date.now() - started < READY_TIMEOUT_MS) {
    await sleep(POLL_MS);
    answer = await readyOnce(settings);
  }
  const polledMs = Date.now() - started;
  const observed: ReadyObservation = {
    ready: answer.ready,
    detail: answer.detail,
    polledMs,
    startTime: null,
    intervalSeconds: DEFAULT_SCRAPE_INTERVAL_S,
    intervalError: null,
    waitedMs: 0,
  };
  if (!answer.ready) return { verdict: judgeReady(observed, new Date()), intervalSeconds: DEFAULT_SCRAPE_INTERVAL_S };
  const [runtime, interval] = await Promise.all([getRuntimeInfo(settings).catch(() => null), readScrapeInterval(settings)]);
  observed.startTime = runtime?.startTime ?? null;
  observed.intervalSeconds = interval.seconds;
  observed.intervalError = interval.error;
  observed.waitedMs = settleWaitMs({ intervalSeconds: interval.seconds, startTime: observed.startTime, now: new Date(), becameReadyNow });
  if (observed.waitedMs > 0) await sleep(observed.waitedMs);
  return { verdict: judgeReady(observed, new Date()), intervalSeconds: interval.seconds };
}

/**
 * The active targets, judged on fresh scrapes: an empty list (not discovered yet) and a target that is not up, and
 * not already explained by an endpoint that did not pass, are read again until Prometheus has scraped it since this
 * step began (its state may predate a fix), for at most `targetsWaitBoundMs` (66 s at most).
 */
export async function observeTargets(
  settings: PrometheusSettings,
  intervalSeconds: number,
  explained: (target: PrometheusTarget) => boolean,
) {
  const since = Date.now();
  const boundMs = targetsWaitBoundMs(intervalSeconds);
  for (;;) {
    const targets = await listTargets(settings);
    const stale = targets.filter(
      (target) => target.health !== "up" && !explained(target) && !(target.lastScrape && Date.parse(target.lastScrape) >= since),
    );
    const waitedMs = Date.now() - since;
    if ((targets.length > 0 && stale.length === 0) || waitedMs >= boundMs) return { targets, waitedMs, boundMs };
    await sleep(POLL_MS);
  }
}

export async function verifyDatasource(config: CascadeConfig): Promise<Verdict> {
  const timeoutMs = config.timeouts.upstreamMs;
  if (config.grafana?.url) {
    const settings = { url: config.grafana.url, token: config.grafana.token, timeoutMs };
    let datasources: Awaited<ReturnType<typeof listDatasources>>;
    try {
      datasources = (await listDatasources(settings)).filter((datasource) => datasource.type === "prometheus");
    } catch (error) {
      return judgeGrafanaDatasources([], messageOf(error));
    }
    const checks = await Promise.all(
      datasources.map((datasource) =>
        checkDatasourceHealth(settings, datasource.uid).then(
          (health) => ({ uid: datasource.uid, name: datasource.name, ok: health.ok, message: health.message }),
          (error: unknown) => ({ uid: datasource.uid, name: datasource.name, ok: false, message: messageOf(error) }),
        ),
      ),
    );
    return judgeGrafanaDatasources(checks, null);
  }
  const answer: UpQueryAnswer = await runInstantQuery({ url: config.prometheus!.url, timeoutMs }, "up").catch((error: unknown) => ({
    kind: "unreachable" as const,
    message: messageOf(error),
  }));
  return judgeUpQuery(answer);
}
