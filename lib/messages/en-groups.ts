import type { CauseTemplates, GroupTemplates, Params } from "./types";

// English words for grouped causes (lib/diagnosis/group-causes.ts): one sentence for many members, with counts.

const num = (value: Params[string] | undefined) => (typeof value === "number" ? value.toLocaleString("en-US") : String(value ?? "?"));
const containers = (p: Params) => (p.count === 1 ? "1 container" : `${num(p.count)} containers`);
const CONTAINER_VERB: Record<string, string> = {
  "container-exited": "exited",
  "container-oom-killed": "ran out of memory",
  "container-restarting": "are in a crash loop",
  "container-unhealthy": "fail their health check",
  "container-paused": "are paused",
  "container-not-started": "were never started",
  "container-missing": "do not exist",
  "container-gone": "are gone",
};
const where = (p: Params) =>
  p.by === "compose" ? ` of the Compose project ${String(p.name)}` : p.by === "image" ? ` of the image ${String(p.name)}` : "";
const exits = (p: Params) => (Array.isArray(p.exitCodes) && p.exitCodes.length ? ` (exit ${p.exitCodes.join(", ")})` : "");

const container: CauseTemplates = {
  title: (p) => `${containers(p)}${where(p)} ${CONTAINER_VERB[String(p.kind)] ?? "fail"}${exits(p)}.`,
  detail: (p) => `Open the group to see each container; the first ${Math.min(Number(p.count), 20)} are listed.`,
  phrase: (p) => `${containers(p)} ${CONTAINER_VERB[String(p.kind)] ?? "fail"}`,
};

export const enGroups: GroupTemplates = {
  "target-down": {
    title: (p) => `${num(p.count)} of ${num(p.total)} targets of job ${String(p.job)} are down.`,
    detail: (p) => `Prometheus cannot scrape ${num(p.count)} targets of the job ${String(p.job)}.`,
    phrase: (p) => `${num(p.count)} of ${num(p.total)} targets of job ${String(p.job)} are down`,
  },
  "metric-family-missing": {
    title: (p) =>
      `${num(p.count)} metric families ${p.exporter ? `of ${String(p.exporter)} ` : ""}are read by panels but exported by no service.`,
    detail: (p) => `Among them: ${Array.isArray(p.families) ? p.families.join(", ") : ""}.`,
    phrase: (p) => `${num(p.count)} metric families ${p.exporter ? `of ${String(p.exporter)} ` : ""}are not exported`,
  },
  container,
};
