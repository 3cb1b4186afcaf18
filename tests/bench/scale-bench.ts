// npm run bench -- --scale – issue 11's busy host, built for real (tests/support/scale-fixture.ts) and removed again:
// 500 watched containers (20 exited), Prometheus with 2,000 targets (1,999 down) and a node exporter, 100 dashboards x
// 20 panels. Prints cold and warm board times, durationMs + diagnosisMs, the slowest calls the collection cannot avoid
// (Docker's container list, Prometheus's target list) measured in the same run, bytes, Prometheus queries per refresh
// (from Prometheus's own prometheus_http_requests_total) and the board's RSS. Never asserted by a test. Uses the shared
// Docker engine: run it under /work/wt/docker-lock.sh where several sessions share one.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startBoard } from "../support/board-server";
import { launchChromium } from "../support/browser";
import { ROOT } from "../support/demo-stack";
import { buildScaleFixture, ISSUE_SIZE, type ScaleFixture } from "../support/scale-fixture";

const SAMPLES = Number(process.env.BENCH_SAMPLES || 25);
/** Collections after the cold one that are not counted: the server's code is still being compiled (JIT) in them. */
const WARM_UP = Number(process.env.BENCH_WARM_UP || 3);
const REFRESH_MS = 5_000;
/** A `cascade check` that has not finished by then is reported, not waited for (one run once hung here). */
const CHECK_TIMEOUT_MS = 120_000; // timeouts.refreshMs default, which the generated cascade.yaml keeps
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Docker's GET /containers/json?all=1 on the socket, body read to the end: what the collection cannot avoid. */
function timeDockerList(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath: "/var/run/docker.sock", path: "/containers/json?all=1" }, (response) => {
      response.on("data", () => undefined);
      response.on("end", () => resolve(performance.now() - started));
    });
    request.on("error", reject);
  });
}

async function timeFetch(url: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const body = await (await fetch(url)).text();
  return { ms: performance.now() - started, body };
}

/** Prometheus's own count of /api/v1/query requests (read from its /metrics, which is not a query). */
async function queryCount(prometheusUrl: string): Promise<number> {
  const text = await (await fetch(`${prometheusUrl}/metrics`)).text();
  let total = 0;
  for (const match of text.matchAll(/^prometheus_http_requests_total\{[^}]*handler="\/api\/v1\/query"[^}]*\} (\S+)$/gm))
    total += Number(match[1]);
  return total;
}

/** When the board's last collection ended (its health answer), or null before the first one. */
async function lastCollectionOf(boardUrl: string): Promise<string | null> {
  const health = (await (await fetch(`${boardUrl}/api/health`)).json()) as { lastCollection?: { at: string | null } };
  return health.lastCollection?.at ?? null;
}

/** Waits (polling GET /api/health every 200 ms, at most 30 s) until a collection after `after` has ended. */
async function nextCollection(boardUrl: string, after: string | null): Promise<string | null> {
  const until = Date.now() + 30_000;
  for (;;) {
    const at = await lastCollectionOf(boardUrl);
    if (at !== after || Date.now() > until) return at;
    await sleep(200);
  }
}

/** The most queries Prometheus received in any window of `windowMs`, from (time, count) samples. */
function maxInWindow(samples: { at: number; count: number }[], windowMs: number): number {
  let best = 0;
  for (let first = 0; first < samples.length; first++)
    for (let last = first + 1; last < samples.length && samples[last]!.at - samples[first]!.at <= windowMs; last++)
      best = Math.max(best, samples[last]!.count - samples[first]!.count);
  return best;
}

/** RSS of the board: `cascade serve` and the Next.js server it runs (one session, started detached). */
function rssMb(pid: number): number {
  const out = execFileSync("ps", ["-o", "rss=", "-s", String(pid)]).toString(); // detached: its own session
  return out.split("\n").reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) / 1024;
}

interface BoardBody {
  generatedAt: string;
  collection: { durationMs: number; diagnosisMs?: number; queries?: { run: number; judgedWithoutRunning: number; reused: number } };
  summary: { headline: string; causes: { root: boolean }[] };
  dashboards?: { uid: string; causes: { subject: string }[] }[];
}

/** One line of the closing summary: what the issue needs, what this run measured. */
interface Figure {
  name: string;
  needed: string;
  measured: string;
  ok: boolean;
}
const figures: Figure[] = [];
const figure = (name: string, needed: string, measured: string, ok: boolean) => figures.push({ name, needed, measured, ok });
const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/** A fleet target (job:fleet, or one of its members, on the closed ports from 42001) named as a node dashboard's cause. */
const fleetOnNode = (board: BoardBody) =>
  (board.dashboards ?? []).filter(
    (dashboard) =>
      dashboard.uid.startsWith("node-") &&
      dashboard.causes.some((cause) => cause.subject === "job:fleet" || /:4[2-9]\d{3}\b/.test(cause.subject)),
  ).length;

/** The block to paste into the closing note: every "Done when" figure of issue 11 (and the check of issue 15). */
function printSummary(startLoad: string) {
  const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const lines = [
    `== cascade bench --scale: ${date}, ${os.cpus().length} CPUs, load average ${startLoad} (start) / ${loadAverage()} (end) ==`,
    ...figures.map(
      (item) => `${item.ok ? "ok    " : "NOT OK"} ${item.name.padEnd(44)} needed ${item.needed.padEnd(26)} measured ${item.measured}`,
    ),
    `== ${figures.filter((item) => item.ok).length} of ${figures.length} ok ==`,
  ];
  console.log(`\n${lines.join("\n")}`);
}

export async function main() {
  const startLoad = loadAverage();
  console.log(`load average at start: ${startLoad}`);
  const fixture = await buildScaleFixture(ISSUE_SIZE);
  const interrupted = () => void fixture.remove().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    await measure(fixture);
  } finally {
    await fixture.remove();
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
  }
  const left = execFileSync("docker", ["ps", "-aq", "--filter", "label=cascade.scale"]).toString().trim();
  console.log(
    `removed: containers left ${left ? left.split("\n").length : 0}, fixture folder ${fs.existsSync(fixture.dir) ? "still there" : "gone"}`,
  );
  printSummary(startLoad);
}

/** `--screenshot FILE`: the board at this size in Chromium (the README's picture), while it runs. */
async function screenshot(url: string) {
  const flag = process.argv.indexOf("--screenshot");
  if (flag < 0 || !process.argv[flag + 1]) return;
  const file = path.resolve(process.argv[flag + 1]!);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForSelector('[data-testid="headline"]', { timeout: 60_000 });
    await sleep(2_000); // the stream's first push and the fonts
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    console.log(`screenshot: ${file}`);
  } finally {
    await browser.close();
  }
}

export async function measure(fixture: ScaleFixture) {
  const env = { CASCADE_DATA_DIR: path.join(fixture.dir, "data") };
  const counts: { at: number; count: number }[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      counts.push({ at: Date.now(), count: await queryCount(fixture.prometheusUrl).catch(() => counts.at(-1)?.count ?? 0) });
      await sleep(1_000);
    }
  })();
  const board = await startBoard(fixture.configPath, env);
  try {
    const cold = await timeFetch(`${board.url}/api/board`);
    const coldBody = JSON.parse(cold.body) as BoardBody;
    console.log(
      `cold /api/board: ${ms(cold.ms)} (durationMs ${coldBody.collection.durationMs}, diagnosisMs ${coldBody.collection.diagnosisMs}, ` +
        `queries ${JSON.stringify(coldBody.collection.queries)})`,
    );
    const boardTimes: number[] = [];
    const duration: number[] = [];
    const diagnosis: number[] = [];
    const warmSum: number[] = [];
    const dockerList: number[] = [];
    const targetList: number[] = [];
    const perCollection: number[] = [];
    let last = coldBody;
    let bytes = cold.body.length;
    // The watcher collects every refresh (5 s) and on Docker events, and the board serves its latest collection. The
    // bench's own calls (a 1.7 MB board, Docker's list, the target list) must not land inside a collection, where they
    // would load the same two cores: it waits for each new collection (GET /api/health, a few hundred bytes), then reads
    // the board and times the two lists in the quiet seconds before the next one. Each collection is counted once, after
    // WARM_UP ones that are not.
    const seen = new Set<string>([coldBody.generatedAt]);
    let lastCollectionAt = await lastCollectionOf(board.url);
    for (let skipped = 0; skipped < WARM_UP; skipped++) lastCollectionAt = await nextCollection(board.url, lastCollectionAt);
    let countAtLast = await queryCount(fixture.prometheusUrl);
    for (let wait = 0; seen.size <= SAMPLES && wait < SAMPLES * 4; wait++) {
      lastCollectionAt = await nextCollection(board.url, lastCollectionAt);
      const warm = await timeFetch(`${board.url}/api/board`);
      last = JSON.parse(warm.body) as BoardBody;
      bytes = Buffer.byteLength(warm.body);
      boardTimes.push(warm.ms);
      const generatedAt = last.generatedAt;
      if (seen.has(generatedAt)) continue;
      seen.add(generatedAt);
      const count = await queryCount(fixture.prometheusUrl);
      perCollection.push(count - countAtLast);
      countAtLast = count;
      duration.push(last.collection.durationMs);
      diagnosis.push(last.collection.diagnosisMs ?? Number.NaN);
      warmSum.push(last.collection.durationMs + (last.collection.diagnosisMs ?? 0));
      await sleep(500);
      dockerList.push(await timeDockerList());
      targetList.push((await timeFetch(`${fixture.prometheusUrl}/api/v1/targets?state=active`)).ms);
    }
    const slower = Math.max(median(dockerList), median(targetList));
    const ratio = median(warmSum) / slower;
    const windowMax = maxInWindow(counts, REFRESH_MS);
    const roots = last.summary.causes.filter((cause) => cause.root).length;
    const headline = last.summary.headline;
    figure("GET /api/board median (warm)", "<= 1500 ms", ms(median(boardTimes)), median(boardTimes) <= 1500);
    figure(
      "warm durationMs + diagnosisMs median",
      `<= 3 x ${ms(slower)} = ${ms(3 * slower)}`,
      `${ms(median(warmSum))} (ratio ${ratio.toFixed(2)}; Docker list ${ms(median(dockerList))}, targets ${ms(median(targetList))})`,
      ratio <= 3,
    );
    figure("diagnosisMs median", "<= 100 ms", `${median(diagnosis).toFixed(1)} ms`, median(diagnosis) <= 100);
    figure("Prometheus queries in any refresh (5 s)", "<= 400", String(windowMax), windowMax <= 400);
    figure("/api/board bytes", "<= 3 MB", `${(bytes / 1024 / 1024).toFixed(2)} MB`, bytes <= 3 * 1024 * 1024);
    figure("root causes listed", "<= 25", String(roots), roots <= 25);
    figure(
      "English headline",
      "<= 200 chars, counts both",
      `${headline.length} chars: ${headline}`,
      headline.length <= 200 &&
        /\b[\d,]+ containers exited\b/.test(headline) &&
        /\b[\d,]+ of [\d,]+ targets of job fleet are down/.test(headline),
    );
    figure("node dashboards explained by a fleet target", "0", String(fleetOnNode(last)), fleetOnNode(last) === 0);
    console.log(`warm /api/board median: ${ms(median(boardTimes))} over ${boardTimes.length} requests (target <= 1500 ms)`);
    console.log(
      `warm collections (after ${WARM_UP} not counted): ${warmSum.length}: ${warmSum.map((value) => value.toFixed(0)).join(", ")} ms`,
    );
    console.log(`warm durationMs median: ${ms(median(duration))}, diagnosisMs median: ${median(diagnosis).toFixed(1)} ms`);
    console.log(
      `warm durationMs + diagnosisMs median: ${ms(median(warmSum))}; Docker container list median ${ms(median(dockerList))}, ` +
        `Prometheus target list median ${ms(median(targetList))}; ratio to the slower: ${(median(warmSum) / slower).toFixed(2)} (target <= 3)`,
    );
    console.log(`node dashboards explained by a fleet target: ${fleetOnNode(last)} (target 0)`);
    console.log(`/api/board bytes: ${bytes} (${(bytes / 1024 / 1024).toFixed(2)} MB; target <= 3 MB)`);
    console.log(
      `Prometheus /api/v1/query while the board ran: most in any ${REFRESH_MS} ms window ${maxInWindow(counts, REFRESH_MS)} (target <= 400); ` +
        `between two warm collections median ${median(perCollection)}, max ${Math.max(...perCollection)}; last: ${JSON.stringify(last.collection.queries)}`,
    );
    console.log(
      `root causes listed: ${last.summary.causes.filter((cause) => cause.root).length}; headline (${last.summary.headline.length} chars): ${last.summary.headline.slice(0, 300)}`,
    );
    console.log(`board RSS: ${rssMb(Number(board.pid)).toFixed(0)} MB`);
    figure("board RSS (information)", "-", `${rssMb(Number(board.pid)).toFixed(0)} MB`, true);
    await screenshot(board.url);
  } finally {
    sampling = false;
    await sampler;
    await board.stop();
  }
  const checks: number[] = [];
  let checkBody: BoardBody | null = null;
  let hung = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(ROOT, "bin/cascade.mjs"), "check", "--config", fixture.configPath, "--json"], {
      env: { ...process.env, ...env },
      maxBuffer: 256 * 1024 * 1024,
      timeout: CHECK_TIMEOUT_MS,
    });
    checks.push(performance.now() - started);
    try {
      checkBody = JSON.parse(result.stdout.toString()) as BoardBody;
    } catch {
      hung++;
      console.log(
        `cascade check run ${run + 1}: no JSON after ${ms(checks.at(-1)!)} (${result.error?.message ?? `exit ${result.status}`})`,
      );
    }
  }
  const answered = checks.length - hung;
  figure(
    "cascade check --json median",
    "<= 5000 ms, always answers",
    `${ms(median(checks))} (${checks.map(ms).join(", ")}${hung ? `; ${hung} without an answer` : ""})`,
    median(checks) <= 5000 && answered === checks.length,
  );
  console.log(
    `cascade check --json median: ${ms(median(checks))} over ${checks.length} runs (target <= 5000 ms); last durationMs ${checkBody?.collection.durationMs}, ` +
      `diagnosisMs ${checkBody?.collection.diagnosisMs}, queries ${JSON.stringify(checkBody?.collection.queries)}`,
  );
}
