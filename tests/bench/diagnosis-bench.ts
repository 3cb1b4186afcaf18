// npm run bench (first part) – the diagnosis alone on a generated observation of issue 11's size (500 containers with
// 20 exited, 2,000 fleet targets with 1,999 down plus a node job, 100 dashboards x 20 panels). Prints the median time
// of diagnoseBoard (aim: at most 100 ms), of rendering the Board JSON, the bytes of /api/board and of its summary view,
// the root causes and the English headline. Measured, never asserted: tests/unit/lib/scale-diagnosis.test.ts asserts.
import os from "node:os";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";
import { summaryView } from "@/lib/messages/board-views";
import { scaleObservation } from "../support/scale-observation";

const RUNS = Number(process.env.BENCH_SAMPLES || 20);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const observation = scaleObservation();
const now = new Date(Date.parse(observation.generatedAt) + 13 * 60_000);
diagnoseBoard(observation, now); // warm up: the JIT and the PromQL parse memo, as on a server after its first refresh
const diagnoseMs: number[] = [];
const diagnoseCpuMs: number[] = [];
const renderMs: number[] = [];
let board = renderBoard(diagnoseBoard(observation, now));
for (let run = 0; run < RUNS; run++) {
  const copy = structuredClone(observation); // a fresh object each run, as each collection gives one
  const started = performance.now();
  const cpu = process.cpuUsage();
  const diagnosis = diagnoseBoard(copy, now);
  const diagnosed = performance.now();
  const used = process.cpuUsage(cpu);
  diagnoseCpuMs.push((used.user + used.system) / 1000);
  board = renderBoard(diagnosis);
  renderMs.push(performance.now() - diagnosed);
  diagnoseMs.push(diagnosed - started);
}
const roots = board.summary.causes.filter((cause) => cause.root);
const bytes = Buffer.byteLength(JSON.stringify(board));
const summaryBytes = Buffer.byteLength(JSON.stringify(summaryView(board)));
// CPU time as well as wall time: on a loaded 2-core host the wall clock also counts other processes' turns.
console.log(
  `diagnosis at scale: median ${median(diagnoseMs).toFixed(1)} ms wall, ${median(diagnoseCpuMs).toFixed(1)} ms CPU over ${RUNS} runs (aim: at most 100 ms; load ${os.loadavg()[0]!.toFixed(1)})`,
);
console.log(`render (en): median ${median(renderMs).toFixed(1)} ms`);
console.log(`/api/board: ${(bytes / 1e6).toFixed(2)} MB (aim: at most 3 MB); ?view=summary: ${(summaryBytes / 1e3).toFixed(1)} kB`);
console.log(`root causes: ${roots.length} (aim: at most 25): ${roots.map((cause) => `${cause.kind} ${cause.subject}`).join("; ")}`);
console.log(`headline (${board.summary.headline.length} chars): ${board.summary.headline}`);
