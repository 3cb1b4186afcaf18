import "server-only";
import path from "node:path";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { withActionsOnTimeline } from "@/lib/timeline/actions-on-timeline";
import { getSettings } from "@/server/config";
import { getStore } from "@/server/store";
import { recordCollection } from "@/server/watcher/watcher-state";
import { collectBoard } from "./collect-board";
import { diagnoseTimed } from "./diagnose-timed";

/** How many recent audit rows are read for the timeline. */
const AUDIT_ROWS = 50;

/**
 * One fresh board: observe the stack, put the actions taken (from the audit log) on its timeline, diagnose. An audit
 * log that cannot be read leaves the timeline with Docker's events only: the board never fails for it.
 */
export async function buildCurrentBoard(): Promise<Diagnosis> {
  const { config, configPath } = getSettings();
  const startedAt = Date.now();
  const [observation, entries] = await Promise.all([
    collectBoard(config, { configDir: path.dirname(configPath) }),
    getStore()
      .listAudit({ limit: AUDIT_ROWS })
      .catch(() => []),
  ]).finally(() => recordCollection(startedAt));
  return diagnoseTimed({ ...observation, timeline: withActionsOnTimeline(observation.timeline, entries) }, new Date(), {
    ignore: config.ignore,
  });
}
