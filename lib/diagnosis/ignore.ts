import type { Observation } from "@/lib/contracts/board";
import { containerKey, containerRef } from "@/lib/engines/container-key";

// cascade.yaml's `ignore:`: parts known to be broken (decommissioned targets, a retired container, an old dashboard).
// They stay on the board, greyed with the reason, and never count in the status, causes or headline. Pure.

/** One `ignore:` entry: exactly one of the selectors, and why. */
export interface IgnoreRule {
  job?: string;
  /** A scrape URL or an instance (host:port). */
  target?: string;
  container?: string;
  /** `key=value`, or `key` for any value. */
  label?: string;
  dashboard?: string;
  reason: string;
}

export function labelMatches(rule: string, labels: Record<string, string> | undefined): boolean {
  if (!labels) return false;
  const at = rule.indexOf("=");
  return at < 0 ? rule in labels : labels[rule.slice(0, at)] === rule.slice(at + 1);
}

/** The observation with `ignored: reason` on every container, target and dashboard a rule names (first rule wins). */
export function applyIgnores(observation: Observation, rules: readonly IgnoreRule[]): Observation {
  if (rules.length === 0) return observation;
  const reasonFor = <T>(item: T, test: (rule: IgnoreRule, item: T) => boolean) => rules.find((rule) => test(rule, item))?.reason;
  const containers = observation.containers.map((container) => {
    const reason = reasonFor(
      container,
      (rule, c) =>
        rule.container === c.name ||
        rule.container === containerRef(c) ||
        rule.container === containerKey(c) ||
        (rule.label !== undefined && labelMatches(rule.label, c.labels)),
    );
    return reason === undefined ? container : { ...container, ignored: reason };
  });
  const targets = (observation.prometheus?.targets ?? []).map((target) => {
    const reason = reasonFor(target, (rule, t) => rule.job === t.job || rule.target === t.scrapeUrl || rule.target === t.instance);
    return reason === undefined ? target : { ...target, ignored: reason };
  });
  const dashboards = observation.dashboards.map((dashboard) => {
    const reason = reasonFor(dashboard, (rule, d) => rule.dashboard === d.uid);
    return reason === undefined ? dashboard : { ...dashboard, ignored: reason };
  });
  return {
    ...observation,
    containers,
    prometheus: observation.prometheus ? { ...observation.prometheus, targets } : null,
    dashboards,
  };
}
