// npm run bench – measured on the real demo stack with the built board, never asserted by a test.
//  1. /api/board: median wall time of a fresh collection seen by an HTTP client, against the median of the slowest
//     single upstream in that collection (`collection.upstreamMs`); their ratio shows that the upstreams are probed
//     in parallel (aim: below 1.3).
//  2. Sharing: 50 concurrent requests, and how many fresh collections they cost (from Cascade's own /metrics).
//  3. The metrics parser on a real node-exporter recording.
import fs from "node:fs";
import path from "node:path";
import { parseExposition } from "@/lib/exposition/parse-exposition";
import { boardSchema } from "@/lib/contracts/board";
import { startBoard } from "../support/board-server";
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
