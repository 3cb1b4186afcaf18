import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBoard, startBoard } from "../support/board-server";
import { launchChromium } from "../support/browser";
import { DEMO_CONFIG, demo, ROOT } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

// The live board in real Chromium against the real demo stack: healthy, then the incident arrives without a
// reload, then it heals. Screenshots go to SCREENSHOT_DIR (docs/screenshots to refresh the README's).
const SCREENSHOT_DIR = path.resolve(ROOT, process.env.SCREENSHOT_DIR || ".cascade/screenshots");
const LIVE_WAIT_MS = 20_000;

describe("the incident board in Chromium", () => {
  let board: RunningBoard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await demo("heal");
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    board = await startBoard(DEMO_CONFIG);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await board?.stop();
    await demo("heal");
  });

  const banner = () => page.getByTestId("status-banner");
  const favicon = (target: Page) => target.locator("link[rel~='icon']").first().getAttribute("href");

  it("arrives rendered: status, headline, tab title and favicon are in the HTML, before any JavaScript runs", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const still = await context.newPage();
    await still.goto(`${board.url}/?view=engineer`);
    expect(await still.getByTestId("status-banner").getAttribute("data-status")).toBe("degraded");
    expect(await still.getByTestId("headline").textContent()).not.toBe("");
    expect(await still.getByTestId("dashboard-tile").count()).toBe(6);
    expect(await still.getByTestId("container-auren-prometheus").getAttribute("data-state")).toBe("running"); // the view, from the URL
    expect(await still.title()).toBe("! Degraded · Cascade");
    expect(await favicon(still)).toBe("/icons/status-degraded.svg");
    expect(await still.locator("link[rel='manifest']").getAttribute("href")).toBe("/manifest.webmanifest");
    await context.close();
  });

  it("serves public/: the status favicons, a web app manifest to pin the board, and a robots.txt that disallows all", async () => {
    const robots = await fetch(`${board.url}/robots.txt`);
    expect(await robots.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
    const manifest = await (await fetch(`${board.url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: "Cascade incident board", display: "standalone", start_url: "/" });
    const icons = [
      ...manifest.icons.map((icon: { src: string }) => icon.src),
      ...["ok", "degraded", "down", "unknown"].map((s) => `/icons/status-${s}.svg`),
    ];
    for (const icon of icons) {
      const response = await fetch(`${board.url}${icon}`);
      expect(response.status, icon).toBe(200);
      expect(response.headers.get("content-type"), icon).toMatch(/^image\/(svg\+xml|png)/);
    }
  });

  it("shows the healthy demo stack: degraded only by the two families the API does not export yet", async () => {
    await page.goto(board.url);
    await expect.poll(() => banner().getAttribute("data-status"), { timeout: LIVE_WAIT_MS }).toBe("degraded");
    expect(await page.getByTestId("dashboard-tile").count()).toBe(6);
    expect(await page.locator('[data-testid=dashboard-tile][data-status="degraded"]').count()).toBe(2);
    expect(await page.getByTestId("root-cause").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-kind")))).toEqual([
      "metric-family-missing",
      "metric-family-missing",
    ]);
    expect(await page.title()).toBe("! Degraded · Cascade");
    expect(await favicon(page)).toBe("/icons/status-degraded.svg");
    // The ticking line is not a live region (a screen reader would read it every second); the status is announced.
    expect(await page.getByTestId("freshness").getAttribute("aria-live")).toBeNull();
    expect(await page.getByTestId("status-announcer").textContent()).toBe("Overall status: Degraded");
    await page.getByTestId("dashboard-tile").filter({ hasText: "Cognitive Mode Analytics" }).click();
    await expect.poll(() => page.getByTestId("panel-list").textContent()).toContain("auren_hypothesis_validations_total");
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
  });

  it("turns red and names the two root causes when the incident happens, without a reload", async () => {
    await demo("incident");
    await expect.poll(() => banner().getAttribute("data-status"), { timeout: LIVE_WAIT_MS }).toBe("down");
    await expect
      .poll(
        () =>
          page
            .getByTestId("root-cause")
            .evaluateAll((cards) => cards.map((card) => `${card.getAttribute("data-kind")} ${card.getAttribute("data-subject")}`)),
        { timeout: LIVE_WAIT_MS },
      )
      .toEqual(["container-exited auren-prometheus", "metrics-endpoint-http-error biometric-api"]);
    expect(await page.getByTestId("headline").textContent()).toMatch(
      /^All 6 dashboards are down: the Prometheus container stopped .* and the biometric API's metrics endpoint fails\.$/,
    );
    expect(await page.locator('[data-testid=dashboard-tile][data-status="down"]').count()).toBe(6);
    // A background tab on a wall screen tells too: the title and the favicon follow the status, without a reload.
    expect(await page.title()).toBe("✗ Down · Cascade");
    expect(await favicon(page)).toBe("/icons/status-down.svg");
    expect(await page.getByTestId("status-announcer").textContent()).toBe("Overall status: Down");
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    expect(await page.locator('button[data-action="start"]').first().isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "board-incident.png"), fullPage: true });

    await page.getByRole("button", { name: "Engineer" }).click();
    await expect.poll(() => page.url()).toContain("view=engineer");
    await expect.poll(() => page.getByTestId("container-auren-prometheus").getAttribute("data-state")).toBe("exited");
    expect(await page.getByTestId("container-auren-prometheus").textContent()).toMatch(/Exited \(0\)/);
    expect(await page.getByTestId("endpoint-biometric-api").textContent()).toContain("HTTP 500");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "board-incident-engineer.png"), fullPage: true });
  });

  it("recovers by itself once the stack is healed", async () => {
    await demo("heal");
    await expect.poll(() => banner().getAttribute("data-status"), { timeout: LIVE_WAIT_MS }).toBe("degraded");
    await expect.poll(() => page.locator('[data-testid=dashboard-tile][data-status="down"]').count(), { timeout: LIVE_WAIT_MS }).toBe(0);
    expect(await page.getByTestId("container-auren-prometheus").getAttribute("data-state")).toBe("running");
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    await page.getByRole("button", { name: "Executive" }).click();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "board-healthy.png"), fullPage: true });
  });

  it("shows a failed update from the stream in words, and keeps the board it has", async () => {
    const watcher = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const failure = { error: { code: "upstream_timeout", message: "Docker did not answer within 2000 ms." } };
    // The server's own failure event is tested in tests/unit/server/board-stream.test.ts; here, the page's reading of it.
    // Regexes, not globs: `**/api/board` does not match a URL with a query string (?lang=, ?view=summary).
    await watcher.route(/\/api\/board\/stream(\?|$)/, (route) =>
      route.fulfill({ contentType: "text/event-stream", body: `retry: 60000\nevent: failure\ndata: ${JSON.stringify(failure)}\n\n` }),
    );
    await watcher.route(/\/api\/board(\?|$)/, (route) => route.fulfill({ status: 504, json: failure })); // the polling fallback fails alike
    await watcher.goto(board.url);
    await expect
      .poll(() => watcher.getByTestId("board-failure").textContent(), { timeout: LIVE_WAIT_MS })
      .toBe("! The last update failed: Docker did not answer within 2000 ms. Showing the board from before; it retries by itself.");
    expect(await watcher.getByTestId("status-banner").getAttribute("data-status")).toBe("degraded");
    await watcher.close();
  });

  it("is usable on a phone-sized screen: no horizontal scrolling", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${board.url}/?view=engineer`);
    await expect.poll(() => phone.getByTestId("status-banner").getAttribute("data-status"), { timeout: LIVE_WAIT_MS }).toBe("degraded");
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.close();
  });
});
