import type { Observation } from "@/lib/contracts/board";
import type { CauseKind, CauseRef } from "@/lib/contracts/diagnosis";
import { containerRef } from "@/lib/engines/container-key";
import type { Params } from "@/lib/messages/types";
import { type ActionFact, type Finding, msg } from "./types";

// Causes of one kind that share a group become one cause: down targets by job, containers by Compose project (else by
// image and exit code), missing families by exporter. The group's subject is its key, so it stays the same as members
// join and leave. Pure and linear.

/** Fewer members than this stay single causes, as they always were (the demo's two missing families stay two). */
export const GROUP_MIN_MEMBERS = 3;
/** How many member subjects a group lists. */
export const MEMBER_SUBJECTS = 20;
export const COMPOSE_PROJECT = "com.docker.compose.project";

const keyOf = (ref: CauseRef) => `${ref.kind}\u0000${ref.subject}`;

export { keyOf as causeKey };

/** The group a cause belongs to, or null when it stays alone. */
function groupOf(cause: Finding, observation: Observation, containers: Map<string, Observation["containers"][number]>): string | null {
  if (cause.kind === "target-down") return `job:${String(cause.params.job)}`;
  if (cause.kind === "metric-family-missing") return `exporter:${cause.params.exporter === null ? "none" : String(cause.params.exporter)}`;
  if (!cause.kind.startsWith("container-")) return null;
  const container = containers.get(cause.subject);
  if (!container || cause.subject === observation.prometheus?.container) return null;
  const project = container.labels?.[COMPOSE_PROJECT];
  if (project) return `compose:${project}`;
  if (!container.image) return null;
  return container.exitCode === null ? `image:${container.image}` : `image:${container.image} exit:${container.exitCode}`;
}

function groupParams(kind: CauseKind, key: string, members: Finding[], observation: Observation): Params {
  const first = members[0]!;
  if (kind === "target-down") {
    const job = String(first.params.job);
    const total = (observation.prometheus?.targets ?? []).filter((target) => target.job === job).length;
    return { group: key, job, count: members.length, total };
  }
  if (kind === "metric-family-missing") {
    return {
      group: key,
      exporter: first.params.exporter ?? null,
      count: members.length,
      families: members.slice(0, 5).map((m) => m.subject),
    };
  }
  const [by, ...rest] = key.split(":");
  const codes = members.map((member) => member.params.exitCode).filter((code) => code !== undefined && code !== null);
  const exitCodes = [...new Set(codes)];
  return {
    group: key,
    kind,
    by: by ?? null,
    name: rest.join(":").replace(/ exit:-?\d+$/, ""),
    count: members.length,
    exitCodes: exitCodes.map(String),
  };
}

function makeGroup(kind: CauseKind, key: string, members: Finding[], observation: Observation): Finding {
  const subjects = members.map((member) => member.subject).sort();
  const since =
    members
      .map((member) => member.since)
      .filter((time): time is string => time !== null)
      .sort()[0] ?? null;
  const first = members[0]!;
  return {
    kind,
    subject: key,
    params: { ...groupParams(kind, key, members, observation), since },
    since,
    root: first.root,
    explainedBy: first.explainedBy,
    evidence: subjects.slice(0, 5).map((subject) => ({ label: msg("label.member"), value: subject })),
    hypotheses: first.hypotheses,
    // A button per member would be hundreds of buttons, and one member's advice is not the group's.
    actions: [groupAdvice(kind, key, first)],
    members: { count: members.length, subjects: subjects.slice(0, MEMBER_SUBJECTS) },
  };
}

function groupAdvice(kind: CauseKind, key: string, first: Finding): ActionFact {
  const message =
    kind === "target-down" ? msg("action.check-job", { job: String(first.params.job) }) : msg("action.check-group", { group: key });
  return { kind: "advice", message, container: null, policy: null };
}

export interface Grouped {
  causes: Finding[];
  /** A member (the object given) -> the group that stands for it; causes not grouped map to nothing. */
  groupOf: Map<Finding, Finding>;
}

/** `causes` with every group of at least GROUP_MIN_MEMBERS members (same kind, key and explanation) folded into one. */
export function groupCauses(causes: Finding[], observation: Observation): Grouped {
  const containers = new Map(observation.containers.map((container) => [containerRef(container), container]));
  const buckets = new Map<string, { kind: CauseKind; key: string; members: Finding[] }>();
  const bucketOf = new Map<Finding, string>();
  for (const cause of causes) {
    const key = groupOf(cause, observation, containers);
    if (key === null) continue;
    const explained = cause.explainedBy ? keyOf(cause.explainedBy) : "root";
    const bucketKey = `${cause.kind}\u0000${key}\u0000${explained}`;
    const bucket = buckets.get(bucketKey) ?? { kind: cause.kind, key, members: [] };
    bucket.members.push(cause);
    buckets.set(bucketKey, bucket);
    bucketOf.set(cause, bucketKey);
  }
  // One subject per (kind, key): when members differ in what explains them, the largest bucket takes the key.
  const taken = new Map<string, { bucketKey: string; size: number }>();
  for (const [bucketKey, bucket] of buckets) {
    if (bucket.members.length < GROUP_MIN_MEMBERS) continue;
    const subjectKey = `${bucket.kind}\u0000${bucket.key}`;
    const best = taken.get(subjectKey);
    if (!best || bucket.members.length > best.size) taken.set(subjectKey, { bucketKey, size: bucket.members.length });
  }
  const chosen = new Set([...taken.values()].map((entry) => entry.bucketKey));
  const groupOfMember = new Map<Finding, Finding>();
  const emitted = new Set<string>();
  const result: Finding[] = [];
  for (const cause of causes) {
    const bucketKey = bucketOf.get(cause);
    if (bucketKey === undefined || !chosen.has(bucketKey)) {
      result.push(cause);
      continue;
    }
    const bucket = buckets.get(bucketKey)!;
    if (!emitted.has(bucketKey)) {
      emitted.add(bucketKey);
      const group = makeGroup(bucket.kind, bucket.key, bucket.members, observation);
      for (const member of bucket.members) groupOfMember.set(member, group);
      result.push(group);
    }
  }
  return { causes: result, groupOf: groupOfMember };
}
