import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, TOKENS } from "../support/auth-board";
import type { RunningBoard } from "../support/board-server";
import { launchChromium } from "../support/browser";
import { freePort } from "../support/free-port";
import { createClashingService, startSwarmBoard } from "../support/swarm-board";
import { type SwarmEngine, startSwarmEngine } from "../support/swarm-engine";

// The Swarm services' buttons in real Chromium, against a real single-node Swarm on a private second dockerd (never
// the main engine). cascade-e2e wants two replicas of an httpd on one host-network port: the second cannot bind and
// exits 1, so the page shows 1/2 running with Docker's task error. An operator restarts it and scales it to 1 from
// the engineer view; both are audited; a viewer sees no buttons there.

const SERVICE = "cascade-e2e";
const LIVE_WAIT_MS = 60_000;

describe("Swarm services on the page", () => {
  let engine: SwarmEngine;
  let board: RunningBoard;
  let browser: Browser;
  let dataDir: string;

  const audit = async () =>
    ((await (await fetch(`${board.url}/api/audit`, { headers: bearer("admin") })).json()) as { entries: Record<string, unknown>[] })
      .entries;
  const spec = async () =>
    (
      JSON.parse(await engine.docker("service", "inspect", SERVICE)) as [
        { Spec: { TaskTemplate: { ForceUpdate?: number }; Mode: { Replicated: { Replicas: number } } } },
      ]
    )[0].Spec;

  async function signedIn(role: "operator" | "viewer"): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${board.url}/sign-in`);
    await page.getByLabel("Access token").fill(TOKENS[role]);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${board.url}/`);
    await page.goto(`${board.url}/?view=engineer`);
    return page;
  }

  beforeAll(async () => {
    engine = await startSwarmEngine({ suffix: "e2e" });
    await createClashingService(engine, SERVICE, await freePort());
    ({ dataDir, ...board } = await startSwarmBoard(`socketPath: ${engine.socketPath}`, SERVICE));
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    // The engine always goes (leave the Swarm, kill its dockerd by pidfile, remove its folder), whatever failed before.
    await browser?.close().catch(() => undefined);
    await board?.stop().catch(() => undefined);
    await engine?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it("shows the degraded service to an operator, who restarts it and scales it to 1 from the engineer view", {
    timeout: 240_000,
  }, async () => {
    const page = await signedIn("operator");
    await expect.poll(() => page.getByTestId("session").textContent()).toContain("otto (operator)");
    const card = page.getByTestId(`service-${SERVICE}`);
    await expect.poll(() => card.getAttribute("data-running"), { timeout: LIVE_WAIT_MS }).toBe("1");
    expect(await card.getAttribute("data-desired")).toBe("2");
    expect(await card.textContent()).toContain("replicated");
    await expect
      .poll(() => card.getByTestId("task-error").allTextContents(), { timeout: LIVE_WAIT_MS })
      .toContain("task: non-zero exit (1)");
    // The cause card offers the same restart as a button.
    const causeRestart = page.locator(`[data-testid="section-causes"] button[data-action="restart-service"][data-service="${SERVICE}"]`);
    await expect.poll(() => causeRestart.count(), { timeout: LIVE_WAIT_MS }).toBe(1);
    expect(await causeRestart.isEnabled()).toBe(true);
    const restarted = `${SERVICE}: a rolling restart of its tasks has started.`;
    await causeRestart.click();
    await expect.poll(() => page.getByTestId("action-result").first().textContent(), { timeout: LIVE_WAIT_MS }).toContain(restarted);
    expect((await spec()).TaskTemplate.ForceUpdate).toBe(1);
    // The cause card's result stands above the causes, the services list's above the services.
    const services = page.getByTestId("section-services");
    expect(await services.getByTestId("action-result").count()).toBe(0);

    await card.locator('button[data-action="restart-service"]').click();
    await expect.poll(() => services.getByTestId("action-result").first().textContent(), { timeout: LIVE_WAIT_MS }).toContain(restarted);
    expect(await services.getByTestId("action-result").first().getAttribute("data-ok")).toBe("true");
    expect((await spec()).TaskTemplate.ForceUpdate).toBe(2);

    await card.getByLabel(`Replicas of ${SERVICE}`).fill("1");
    await card.locator('button[data-action="scale-service"]').click();
    await expect
      .poll(() => services.getByTestId("action-result").first().textContent(), { timeout: LIVE_WAIT_MS })
      .toContain(`${SERVICE} is being scaled to 1 replicas.`);
    await expect.poll(() => card.getAttribute("data-desired"), { timeout: LIVE_WAIT_MS }).toBe("1");
    expect((await spec()).Mode.Replicated.Replicas).toBe(1);

    const entries = await audit();
    const results = (action: string) =>
      entries
        .filter((entry) => entry.action === action && entry.subject === SERVICE && entry.actor === "otto")
        .map((entry) => entry.result)
        .sort();
    expect(results("service.restart")).toEqual(["ok", "ok", "started", "started"]);
    expect(results("service.scale")).toEqual(["ok", "started"]);
    await page.close();
  });

  it("gives a viewer no service buttons", async () => {
    const page = await signedIn("viewer");
    await expect.poll(() => page.getByTestId("session").textContent()).toContain("vera (viewer)");
    const card = page.getByTestId(`service-${SERVICE}`);
    await expect.poll(() => card.count(), { timeout: LIVE_WAIT_MS }).toBe(1);
    expect(await page.getByTestId("section-services").locator("button, input").count()).toBe(0);
    expect(await page.locator('button[data-action="scale-service"], button[data-action="restart-service"]:enabled').count()).toBe(0);
    await page.close();
  });
});
