import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardSchema } from "@/lib/contracts/board";
import { boardSummarySchema } from "@/lib/contracts/board-views";
import { type RunningBoard, runCascade, startBoard } from "../support/board-server";
import { DEMO_CONFIG, demo } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// `cascade check` and /api/board name the same root causes on the real demo stack.

/**
 * The board is the watcher's latest (at most one refresh interval old): the API's answer is read once it has seen
 * what the script just did, both root causes of the incident.
 */
async function incidentBoard(url: string, headers: Record<string, string> = {}) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = boardSchema.parse(await (await fetch(url, { headers })).json());
    if (answer.summary.causes.filter((cause) => cause.root).length >= 2 || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("cascade check and the diagnosis in /api/board", () => {
  let board: RunningBoard;
  beforeAll(async () => {
    await demo("heal");
    board = await startBoard(DEMO_CONFIG);
  });
  afterAll(async () => {
    await board?.stop();
    await demo("heal");
  });

  const rootsOf = (causes: { root: boolean; kind: string; subject: string }[]) =>
    causes.filter((cause) => cause.root).map((cause) => `${cause.kind} ${cause.subject}`);

  it("after demo:incident: exactly two root causes, down, exit code 2", async () => {
    await demo("incident");
    const check = await runCascade(["check", "--config", DEMO_CONFIG, "--json"], { LANG: "C.UTF-8", LC_ALL: "" });
    expect(check.code).toBe(2);
    const fromCheck = boardSchema.parse(JSON.parse(check.stdout));
    const fromApi = await incidentBoard(`${board.url}/api/board`);
    for (const answer of [fromCheck, fromApi]) {
      expect(answer.status).toBe("down");
      expect(rootsOf(answer.summary.causes)).toEqual(["container-exited auren-prometheus", "metrics-endpoint-http-error biometric-api"]);
      const [exited, endpoint] = answer.summary.causes;
      expect(exited!.evidence.map((evidence) => evidence.value).join("\n")).toContain("Received SIGTERM, exiting gracefully");
      expect(exited!.actions.map((action) => action.kind)).toEqual(expect.arrayContaining(["start", "set-restart-policy"]));
      expect(exited!.hypotheses[0]!.text).toMatch(/Stopped by hand .* daemon restart/);
      expect(endpoint!.evidence).toEqual(
        expect.arrayContaining([
          { label: "HTTP status", value: "500" },
          { label: "Error", value: "NameError: name 'Response' is not defined" },
        ]),
      );
      expect(endpoint!.actions[0]!.label).toMatch(/missing import of Response/);
      expect(answer.dashboards).toHaveLength(6);
      for (const dashboard of answer.dashboards) {
        expect(dashboard.status).toBe("down");
        expect(dashboard.causes).toEqual([{ kind: "container-exited", subject: "auren-prometheus" }]);
      }
      expect(answer.summary.headline).toMatch(
        /^All 6 dashboards are down: the Prometheus container stopped (just now|.* ago) and the biometric API's metrics endpoint fails\.$/,
      );
    }
    const text = await runCascade(["check", "--config", DEMO_CONFIG], { LANG: "C.UTF-8", LC_ALL: "" });
    expect(text.code).toBe(2);
    expect(text.stdout.split("\n")[0]).toMatch(/^DOWN: All 6 dashboards are down/);
    expect(text.stdout).toContain("[container-exited] auren-prometheus");
    // The causes carry their facts, the same whatever the language.
    const [exited, endpoint] = fromApi.summary.causes;
    expect(exited!.params).toMatchObject({ container: "auren-prometheus", prometheus: true, exitCode: 0, restartPolicy: "no" });
    expect(endpoint!.params).toMatchObject({
      endpoint: "biometric-api",
      httpStatus: 500,
      errorClass: "python-name-error",
      symbol: "Response",
    });
  });

  it("writes the same diagnosis in German: --lang de, LANG, ?lang=de, Accept-Language and the SSE stream", async () => {
    const germanHeadline =
      /^Alle 6 Dashboards sind ausgefallen: der Prometheus-Container wurde (gerade eben|vor .*) gestoppt und der Metrik-Endpunkt von biometric API scheitert\.$/;
    await demo("incident");
    const flag = await runCascade(["check", "--config", DEMO_CONFIG, "--lang", "de"], { LANG: "C.UTF-8", LC_ALL: "" });
    expect(flag.code).toBe(2);
    expect(flag.stdout.split("\n")[0]!.replace(/^DOWN: /, "")).toMatch(germanHeadline);
    expect(flag.stdout).toContain("Grundursachen:");
    const fromLang = boardSchema.parse(
      JSON.parse((await runCascade(["check", "--config", DEMO_CONFIG, "--json"], { LANG: "de_DE.UTF-8", LC_ALL: "" })).stdout),
    );
    expect(fromLang.summary.headline).toMatch(germanHeadline);
    const english = await incidentBoard(`${board.url}/api/board`, { "accept-language": "en" });
    const byQuery = await incidentBoard(`${board.url}/api/board?lang=de`, { "accept-language": "en" });
    const byHeader = await incidentBoard(`${board.url}/api/board`, { "accept-language": "de-DE,de;q=0.9" });
    for (const german of [byQuery, byHeader]) {
      expect(german.summary.headline).toMatch(germanHeadline);
      expect(german.summary.causes.map((cause) => `${cause.kind} ${cause.subject}`)).toEqual(
        english.summary.causes.map((cause) => `${cause.kind} ${cause.subject}`),
      );
    }
    const controller = new AbortController();
    const response = await fetch(`${board.url}/api/board/stream?lang=de`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = "";
    while (!/event: board\ndata: .*\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    // The stream sends the summary view (no panels): the words are the same.
    expect(boardSummarySchema.parse(JSON.parse(/event: board\ndata: (.*)\n/.exec(text)![1]!)).summary.headline).toMatch(germanHeadline);
  });

  it("after demo:heal: degraded by the families the API does not export yet, exit code 1", async () => {
    await demo("heal");
    const check = await runCascade(["check", "--config", DEMO_CONFIG, "--json"]);
    expect(check.code).toBe(1);
    const answer = boardSchema.parse(JSON.parse(check.stdout));
    expect(answer.status).toBe("degraded");
    expect(rootsOf(answer.summary.causes)).toEqual([
      "metric-family-missing auren_hypothesis_validations_total",
      "metric-family-missing auren_memory_tier_latency_seconds",
    ]);
    const degraded = answer.dashboards.filter((dashboard) => dashboard.status === "degraded");
    expect(degraded.map((dashboard) => dashboard.uid).sort()).toEqual(["auren-cognitive-modes", "auren-memory-tier-viz"]);
    expect(answer.dashboards.filter((dashboard) => dashboard.status === "ok")).toHaveLength(4);
  });

  it("exits 3 on a bad config and 0 on a stack with nothing wrong", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-check-"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), "containers:\n  - nmae: x\n");
    const bad = await runCascade(["check", "--config", path.join(dir, "bad.yaml")]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/bad\.yaml:2: containers\[0\]\.nmae: unknown key/);
    fs.writeFileSync(path.join(dir, "ok.yaml"), "containers:\n  - name: auren-api\nprometheus:\n  url: http://127.0.0.1:19090\n");
    const ok = await runCascade(["check", "--config", path.join(dir, "ok.yaml")]);
    expect(ok.stdout.split("\n")[0]).toMatch(/^OK: /);
    expect(ok.code).toBe(0);
  });

  it("streams board events over SSE", async () => {
    const controller = new AbortController();
    const response = await fetch(`${board.url}/api/board/stream`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    while (!/event: board\ndata: .*\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const data = /event: board\ndata: (.*)\n/.exec(text)![1]!;
    const summary = boardSummarySchema.parse(JSON.parse(data));
    expect(summary.view).toBe("summary");
    expect(summary.containers).toHaveLength(2);
  });
});
