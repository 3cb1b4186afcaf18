import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startAuthBoard } from "../support/auth-board";
import type { RunningBoard } from "../support/board-server";
import { launchChromium } from "../support/browser";
import { demo, docker } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";

needsDemoStack();

describe("a snapshot link in Chromium", () => {
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
    await demo("up");
    await demo("heal");
  });

  it("renders without a session and after the demo stack is stopped, with no buttons", async () => {
    await demo("incident");
    const response = await fetch(`${board.url}/api/snapshots`, {
      method: "POST",
      headers: { ...bearer("operator"), "content-type": "application/json" },
      body: JSON.stringify({ title: "AUREN dashboards down", engineerDetails: true }),
    });
    expect(response.status).toBe(201);
    const { url } = await response.json();
    await docker("stop", "auren-api");

    const context = await browser.newContext(); // a stranger: no cookies
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${board.url}${url}`);
    expect(await page.getByTestId("snapshot-title").textContent()).toBe("AUREN dashboards down");
    expect(await page.getByTestId("snapshot-marker").textContent()).toMatch(
      /Snapshot taken .* UTC by otto\. It shows the stack as it was then, not live data/,
    );
    expect(await page.getByTestId("status-banner").getAttribute("data-status")).toBe("down");
    expect(await page.getByTestId("root-cause").count()).toBe(2);
    expect(await page.locator("button[data-action]").count()).toBe(0);
    await page.getByTestId("dashboard-tile").first().click();
    expect(await page.getByTestId("panel-list").textContent()).toContain("Unreachable");
    expect(requests.filter((pathname) => pathname.startsWith("/api/board") || pathname.startsWith("/api/session"))).toEqual([]);
    await page.screenshot({ path: `${board.dataDir}/snapshot.png`, fullPage: true });
    await context.close();
  });
});
