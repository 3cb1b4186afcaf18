import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DashboardTiles, FIRST_TILES } from "@/components/dashboard-tiles";
import { EngineerDetails } from "@/components/engineer-details";
import { PAGE_SIZE } from "@/components/filtered-page";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";
import { summaryView } from "@/lib/messages/board-views";
import { SCALE, scaleObservation } from "../../support/scale-observation";

// The page's components on issue 11's busy host (rendered by React on the server, as the page's first paint is):
// only one page of containers and targets, failing ones first, and a first screen of dashboard tiles.

const observation = scaleObservation();
const now = new Date(Date.parse(observation.generatedAt) + 13 * 60_000);
const board = summaryView(renderBoard(diagnoseBoard(observation, now, { ignore: [{ dashboard: "fleet-99", reason: "old" }] })));
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe("the page at 500 containers, 2,000 targets and 100 dashboards", () => {
  it("renders one page of containers and of targets, failing first, with a filter box each", () => {
    const html = renderToStaticMarkup(createElement(EngineerDetails, { board, now }));
    expect(count(html, /data-testid="container-sc-\d+"/g)).toBe(PAGE_SIZE);
    expect(count(html, /data-testid="target-row"/g)).toBe(PAGE_SIZE);
    // The 20 exited containers come first, then running ones.
    const states = [...html.matchAll(/data-testid="container-sc-\d+" data-state="(\w+)"/g)].map((match) => match[1]);
    expect(states.slice(0, SCALE.exited).every((state) => state === "exited")).toBe(true);
    expect(states.slice(SCALE.exited).every((state) => state === "running")).toBe(true);
    expect(html).toContain('aria-label="Filter containers"');
    expect(html).toContain('aria-label="Filter targets"');
    expect(html).toContain(`1–${PAGE_SIZE} of ${SCALE.fleetTargets + 1}`);
    expect(html.length).toBeLessThan(200_000);
  });

  it("shows the first dashboards, worst first and the ignored last, with a button for all of them", () => {
    const client = new QueryClient();
    const html = renderToStaticMarkup(
      createElement(QueryClientProvider, { client }, createElement(DashboardTiles, { board, locale: "en" })),
    );
    expect(count(html, /data-testid="dashboard-tile"/g)).toBe(FIRST_TILES);
    expect(html).toContain(`Show all ${SCALE.dashboards} dashboards`);
    expect(html).toContain("Because: 1,999 of 2,000 targets of job fleet are down.");
    expect(html).not.toContain('data-ignored="true"'); // the ignored dashboard is not among the first
  });
});
