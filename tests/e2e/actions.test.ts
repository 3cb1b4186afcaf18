import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthBoard, TOKENS } from "../support/auth-board";
import type { RunningBoard } from "../support/board-server";
import { launchChromium } from "../support/browser";
import { demo, docker } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

const LIVE_WAIT_MS = 30_000;

describe("fixing the incident from the browser", () => {
  let board: RunningBoard & { dataDir: string };
  let browser: Browser;
  beforeAll(async () => {
    await demo("heal");
    board = await startAuthBoard();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await board?.stop();
    await demo("heal");
  });

  it("signs in, clicks Start on the stopped Prometheus, sees the board recover, verifies the fix, and finds the action in the audit log", {
    timeout: 240_000,
  }, async () => {
    await demo("incident");
    await docker("exec", "auren-api", "rm", "-f", "/state/metrics-broken"); // the code fix is deployed; Prometheus is still down
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

    await page.goto(board.url);
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.getByLabel("Access token").fill(TOKENS.admin);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${board.url}/`);
    await expect.poll(() => page.getByTestId("session").textContent()).toContain("ada (admin)");

    await expect.poll(() => page.getByTestId("status-banner").getAttribute("data-status"), { timeout: LIVE_WAIT_MS }).toBe("down");
    const start = page.locator('button[data-action="start"][data-container="auren-prometheus"]');
    expect(await start.isEnabled()).toBe(true);
    await start.click();
    await expect
      .poll(() => page.getByTestId("action-result").first().textContent(), { timeout: LIVE_WAIT_MS })
      .toContain("auren-prometheus started.");
    await expect.poll(() => page.getByTestId("status-banner").getAttribute("data-status"), { timeout: LIVE_WAIT_MS }).not.toBe("down");
    expect(await docker("inspect", "-f", "{{.State.Status}}", "auren-prometheus")).toBe("running");

    await page.getByRole("button", { name: "Verify the fix" }).click();
    await expect
      .poll(() => page.getByTestId("verify-panel").getAttribute("data-status"), { timeout: 150_000, interval: 1_000 })
      .toBe("passed");
    const steps = page.getByTestId("verify-step");
    expect(await steps.count()).toBeGreaterThan(6);
    expect(await page.locator('[data-testid="verify-step"][data-status="passed"]').count()).toBe(await steps.count());

    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(`${board.url}/audit`);
    const started = page.locator('[data-testid="audit-row"][data-action="container.start"][data-result="ok"]');
    await expect.poll(() => started.count(), { timeout: LIVE_WAIT_MS }).toBeGreaterThan(0);
    expect(await started.first().textContent()).toContain("ada");
    expect(await page.locator('[data-testid="audit-row"][data-action="session.create"]').count()).toBeGreaterThan(0);
  });

  it("a viewer sees the buttons disabled with the reason", async () => {
    const page = await browser.newPage();
    await page.goto(`${board.url}/sign-in`);
    await page.getByLabel("Access token").fill(TOKENS.viewer);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${board.url}/`);
    await demo("incident");
    const start = page.locator('button[data-action="start"][data-container="auren-prometheus"]');
    await expect.poll(() => start.count(), { timeout: LIVE_WAIT_MS }).toBe(1);
    expect(await start.isDisabled()).toBe(true);
    expect(await start.getAttribute("title")).toBe("vera is signed in as viewer; actions need an operator");
  });
});
