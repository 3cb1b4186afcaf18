import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startAuthBoard, TOKENS } from "../support/auth-board";
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
    const scripts: Promise<string>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.text());
    });
    const answer = await page.goto(`${board.url}${url}`);
    // A shared link never ends up in a search engine: the page and the snapshot API say so.
    expect(answer?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
    const api = await fetch(`${board.url}/api/snapshots/${url.split("/").pop()}`, { headers: bearer("viewer") });
    expect(api.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(await page.getByTestId("snapshot-title").textContent()).toBe("AUREN dashboards down");
    expect(await page.getByTestId("snapshot-marker").textContent()).toMatch(
      /Snapshot taken .* UTC by otto\. It shows the stack as it was then, not live data/,
    );
    expect(await page.getByTestId("status-banner").getAttribute("data-status")).toBe("down");
    expect(await page.locator("link[rel~='icon']").first().getAttribute("href")).toBe("/icons/status-down.svg");
    expect(await page.getByTestId("root-cause").count()).toBe(2);
    expect(await page.locator("button[data-action]").count()).toBe(0);
    await page.getByTestId("dashboard-tile").first().click();
    expect(await page.getByTestId("panel-list").textContent()).toContain("Unreachable");
    expect(requests.filter((pathname) => pathname.startsWith("/api/board") || pathname.startsWith("/api/session"))).toEqual([]);
    // Rendered on the server: none of the live board's client code (its stream, its verify and session hooks) is shipped.
    const code = await Promise.all(scripts);
    expect(code.length).toBeGreaterThan(0);
    for (const live of ["/api/board/stream", "/api/verify", "/api/session", "EventSource"]) {
      expect(code.filter((text) => text.includes(live)).length, live).toBe(0);
    }
    await page.screenshot({ path: `${board.dataDir}/snapshot.png`, fullPage: true });
    await context.close();
  });

  it("the share popover closes on Escape and gives focus back to its button", async () => {
    const page = await browser.newPage();
    await page.goto(`${board.url}/sign-in`);
    await page.getByLabel("Access token").fill(TOKENS.operator);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${board.url}/`);
    const share = page.getByTestId("share-snapshot");
    await share.click();
    await page.getByLabel("Title").focus();
    expect(await share.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("#share-snapshot-form").count()).toBe(0);
    expect(await share.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("share-snapshot");
    await page.close();
  });
});
