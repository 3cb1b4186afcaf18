import { z } from "zod";
import { boardSchema, dashboardSchema } from "./board";
import { causeSchema } from "./diagnosis";

// The page's lighter views of the board (docs/board-json.md): GET /api/board?view=summary (and the SSE stream) carry
// the summary, the dashboards with their counts and causes but no panels; GET /api/dashboards/{uid} carries one
// dashboard with its panels and the causes it names, in full.

export const dashboardSummarySchema = dashboardSchema.omit({ panels: true });
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;

export const boardSummarySchema = boardSchema.extend({
  view: z.literal("summary"),
  dashboards: z.array(dashboardSummarySchema),
});
export type BoardSummary = z.infer<typeof boardSummarySchema>;

export const dashboardDetailSchema = z.object({
  generatedAt: z.string(),
  dashboard: dashboardSchema,
  /** The causes `dashboard.causes` names, rendered in full. */
  causes: z.array(causeSchema),
});
export type DashboardDetail = z.infer<typeof dashboardDetailSchema>;

/** What the page's components read: the whole board (snapshots) or its summary view (the live page). */
export type BoardLike = Omit<z.infer<typeof boardSchema>, "dashboards"> & {
  dashboards: (DashboardSummary & { panels?: z.infer<typeof dashboardSchema>["panels"] })[];
};
