import { describe, expect, it } from "vitest";
import { boardSchema, type Observation } from "@/lib/contracts/board";
import { boardSummarySchema, dashboardDetailSchema } from "@/lib/contracts/board-views";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";
import { dashboardView, summaryView, verdictsOf } from "@/lib/messages/board-views";
import { SCALE, scaleObservation } from "../../support/scale-observation";

// Issue 11's busy host, generated: what the board says at 500 containers, 2,000 targets and 100 dashboards.

const observation = scaleObservation();
const now = new Date(Date.parse(observation.generatedAt) + 13 * 60_000);
const board = boardSchema.parse(renderBoard(diagnoseBoard(observation, now)));
const roots = board.summary.causes.filter((cause) => cause.root);

describe("the diagnosis of a busy host", () => {
  it("groups the 20 exited containers and the 1,999 down fleet targets into two root causes", () => {
    expect(roots.map((cause) => `${cause.kind} ${cause.subject}`)).toEqual(["container-exited compose:auren", "target-down job:fleet"]);
    const fleet = roots[1]!;
    expect(fleet.members?.count).toBe(SCALE.fleetTargets - 1);
    expect(fleet.members?.subjects).toHaveLength(20);
    expect(fleet.title).toBe("1,999 of 2,000 targets of job fleet are down.");
    expect(roots[0]!.members?.count).toBe(SCALE.exited);
    expect(roots.length).toBeLessThanOrEqual(25);
  });

  it("writes a headline of at most 200 characters that counts them, in English and German", () => {
    expect(board.summary.headline).toBe(
      "All 100 dashboards are degraded: 20 containers exited and 1,999 of 2,000 targets of job fleet are down.",
    );
    const german = renderBoard(diagnoseBoard(observation, now), "de").summary.headline;
    expect(german).toMatch(/20 Container sind beendet und 1\.999 von 2\.000 Targets des Jobs fleet sind ausgefallen/);
    expect(german.length).toBeLessThanOrEqual(200);
  });

  it("never explains a node dashboard by a fleet target, and explains every fleet dashboard by the fleet", () => {
    for (const dashboard of board.dashboards) {
      const subjects = dashboard.causes.map((cause) => cause.subject);
      if (dashboard.uid.startsWith("node-")) expect(subjects, dashboard.uid).not.toContain("job:fleet");
      else expect(subjects, dashboard.uid).toEqual(["job:fleet"]);
    }
  });

  it("stays under 3 MB with its panels, and the summary view drops them", () => {
    expect(Buffer.byteLength(JSON.stringify(board))).toBeLessThan(3_000_000);
    const summary = boardSummarySchema.parse(summaryView(board));
    expect(summary.dashboards.every((dashboard) => !("panels" in dashboard))).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(summary))).toBeLessThan(Buffer.byteLength(JSON.stringify(board)) / 1.5);
    const detail = dashboardDetailSchema.parse(dashboardView(board, "fleet-42"));
    expect(detail.dashboard.panels).toHaveLength(SCALE.panels);
    expect(detail.causes.map((cause) => cause.subject)).toEqual(["job:fleet"]);
    expect(dashboardView(board, "no-such-dashboard")).toBeNull();
  });
});

describe("the verdicts a stream compares", () => {
  it("ignore times and durations, and see a container change", () => {
    const later: Observation = {
      ...observation,
      generatedAt: "2026-12-01T12:01:00.000Z",
      collection: { ...observation.collection, durationMs: 999 },
    };
    const laterBoard = renderBoard(diagnoseBoard(later, new Date(now.getTime() + 60_000)));
    expect(laterBoard.summary.causes[0]!.sinceText).not.toBe(board.summary.causes[0]!.sinceText);
    expect(verdictsOf(summaryView(laterBoard))).toBe(verdictsOf(summaryView(board)));
    const stopped = structuredClone(observation);
    stopped.containers[0] = { ...stopped.containers[0]!, state: "exited", exitCode: 1, finishedAt: observation.generatedAt };
    expect(verdictsOf(renderBoard(diagnoseBoard(stopped, now)))).not.toBe(verdictsOf(board));
  });
});

describe("ignore: in cascade.yaml", () => {
  const ignore = [
    { job: "fleet", reason: "decommissioned in November" },
    { dashboard: "node-3", reason: "an old copy" },
    { label: "com.docker.compose.project=nobody", reason: "matches nothing" },
  ];
  const ignored = renderBoard(diagnoseBoard(observation, now, { ignore }));

  it("keeps the ignored parts on the board with their reason, and out of the causes and the headline", () => {
    expect(ignored.prometheus!.targets.filter((target) => target.ignored === "decommissioned in November")).toHaveLength(
      SCALE.fleetTargets,
    );
    expect(ignored.summary.causes.map((cause) => cause.subject)).toEqual(["compose:auren"]);
    expect(ignored.summary.headline).not.toMatch(/fleet/);
    expect(ignored.dashboards.find((dashboard) => dashboard.uid === "node-3")!.ignored).toBe("an old copy");
    expect(ignored.summary.headline).toMatch(/^All 99 dashboards/);
    expect(ignored.containers.some((container) => container.ignored !== undefined)).toBe(false);
  });

  it("ignores containers by name or label, and a stack whose only problems are ignored is ok", () => {
    const quiet = renderBoard(
      diagnoseBoard({ ...observation, dashboards: [] }, now, {
        ignore: [
          { job: "fleet", reason: "gone" },
          { label: "com.docker.compose.project", reason: "a test project" },
        ],
      }),
    );
    expect(quiet.status).toBe("ok");
    expect(quiet.summary.causes).toEqual([]);
    expect(quiet.containers.every((container) => container.ignored === "a test project")).toBe(true);
  });
});
