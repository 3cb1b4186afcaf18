// npm run bench – measured on the real demo stack with the built board, never asserted by a test.
//  1. /api/board: median wall time of a fresh collection seen by an HTTP client, against the median of the slowest
//     single upstream in that collection (`collection.upstreamMs`); their ratio shows that the upstreams are probed
//     in parallel (aim: below 1.3).
//  2. Sharing: 50 concurrent requests, and how many fresh collections they cost (from Cascade's own /metrics).
//  3. The page: first-load JavaScript of / (gzipped; aim: below 200 KB) and the time from a Docker `die` event to
//     Chromium showing the container as exited (aim: below one second).
//  4. The metrics parser on a real node-exporter recording.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { boardSchema } from "@/lib/contracts/board";
import { parseExposition } from "@/lib/exposition/parse-exposition";
import { startBoard } from "../support/board-server";
import { launchChromium } from "../support/browser";
import { DEMO_CONFIG, demo, ROOT } from "../support/demo-stack";

const SAMPLES = Number(process.env.BENCH_SAMPLES || 20);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freshCollections(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/cascade_board_requests_total\{source="fresh"\} (\d+)/.exec(text)?.[1] ?? 0);
}

async function firstLoadJsBytes(url: string): Promise<{ raw: number; gzipped: number; files: number }> {
  const html = await (await fetch(url)).text();
  const scripts = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((match) => match[1]!))];
  let raw = 0;
  let gzipped = 0;
  for (const script of scripts) {
    const body = Buffer.from(await (await fetch(new URL(script, url))).arrayBuffer());
    raw += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzipped, files: scripts.length };
}

/** Docker's own time of the next `die` of `container`, in ms since the epoch. */
function dieTimeMs(container: string, sinceSeconds: number): number {
  const until = Math.ceil(Date.now() / 1000) + 1;
  const out = execFileSync("docker", [
    "events",
    "--since",
    String(sinceSeconds),
    "--until",
    String(until),
    "--filter",
    `container=${container}`,
    "--filter",
    "event=die",
    "--format",
    "{{.TimeNano}}",
  ]).toString();
  return Number(out.trim().split("\n")[0]) / 1e6;
}

async function measurePage(url: string) {
  const js = await firstLoadJsBytes(url);
  console.log(
    `first-load JS of /: ${(js.gzipped / 1024).toFixed(1)} KB gzipped (${(js.raw / 1024).toFixed(1)} KB raw, ${js.files} files; aim: below 200 KB gzipped)`,
  );

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}/?view=engineer`);
    await page.waitForSelector('[data-testid="container-auren-api"][data-state="running"]', { timeout: 20_000 });
    const delays: number[] = [];
    for (let run = 0; run < 5; run++) {
      await page.evaluate(() => {
        const w = window as unknown as { shownAt?: number };
        delete w.shownAt;
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="container-auren-api"]')?.getAttribute("data-state") === "exited") {
            w.shownAt = Date.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true });
      });
      const since = Math.floor(Date.now() / 1000) - 1;
      execFileSync("docker", ["stop", "-t", "5", "auren-api"]);
      await page.waitForFunction(() => (window as unknown as { shownAt?: number }).shownAt !== undefined, null, { timeout: 20_000 });
      const shownAt = await page.evaluate(() => (window as unknown as { shownAt: number }).shownAt);
      delays.push(shownAt - dieTimeMs("auren-api", since));
      execFileSync("docker", ["start", "auren-api"]);
      await page.waitForSelector('[data-testid="container-auren-api"][data-state="running"]', { timeout: 20_000 });
    }
    console.log(`Docker die -> shown in Chromium: median ${median(delays).toFixed(0)} ms over ${delays.length} stops (aim: below 1000 ms)`);
  } finally {
    await browser.close();
  }
}

async function main() {
  await demo("up");
  await demo("heal");
  const board = await startBoard(DEMO_CONFIG);
  try {
    await fetch(`${board.url}/api/board`); // warm up: first compile of the route, Docker event feed
    const totals: number[] = [];
    const slowest: number[] = [];
    let slowestName = "";
    for (let sample = 0; sample < SAMPLES; sample++) {
      await sleep(1_100); // past the 1 s cache, so each request is a fresh collection
      const started = performance.now();
      const body = boardSchema.parse(await (await fetch(`${board.url}/api/board`)).json());
      totals.push(performance.now() - started);
      const [name, ms] = Object.entries(body.collection.upstreamMs).sort((a, b) => b[1] - a[1])[0]!;
      slowest.push(ms);
      slowestName = name;
    }
    const boardMedian = median(totals);
    const slowestMedian = median(slowest);
    console.log(`/api/board median (fresh collection, HTTP): ${boardMedian.toFixed(1)} ms over ${SAMPLES} samples`);
    console.log(`slowest single upstream median: ${slowestMedian.toFixed(1)} ms (last slowest: ${slowestName})`);
    console.log(`ratio: ${(boardMedian / slowestMedian).toFixed(2)} (aim: below 1.3)`);

    await sleep(1_100);
    const before = await freshCollections(board.url);
    await Promise.all(Array.from({ length: 50 }, () => fetch(`${board.url}/api/board`).then((response) => response.arrayBuffer())));
    console.log(`50 concurrent /api/board requests cost ${(await freshCollections(board.url)) - before} fresh collection(s)`);

    await measurePage(board.url);
  } finally {
    await board.stop();
  }

  const recording = path.join(ROOT, "tests/fixtures/metrics/node-exporter.txt");
  if (fs.existsSync(recording)) {
    const text = fs.readFileSync(recording, "utf8");
    const runs: number[] = [];
    let families = 0;
    for (let run = 0; run < 30; run++) {
      const started = performance.now();
      families = parseExposition(text).families.length;
      runs.push(performance.now() - started);
    }
    console.log(`parse node-exporter (${(text.length / 1024).toFixed(0)} KiB, ${families} families): median ${median(runs).toFixed(2)} ms`);
  }
}

const bench = process.argv.includes("--scale") ? import("./scale-bench").then((scale) => scale.main()) : main();
bench.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
