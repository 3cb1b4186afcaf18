// Recorded observations of Prometheus's own rules and alerts (record-observations.ts runs them): a rule group that
// fails at evaluation, firing and pending alerts, a panel reading the failing rule's output.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { Observation } from "@/lib/contracts/board";
import { panelFacts, prometheusFacts } from "./observation-facts";
import type { Scenario } from "./record-observations";

const PROMETHEUS = "cascade-rec-prometheus";
const NODE_EXPORTER = "cascade-rec-node-exporter";

/**
 * The rule file: `node:load:plus1` fails at every evaluation (three node_load* series against one on the right:
 * "many-to-one matching must be explicit"), `job:up:sum` works; alerts: one on down targets and a watchdog fire at
 * once, one waits an hour (pending).
 */
export const RULES = {
  groups: [
    { name: "node-recording", rules: [{ record: "node:load:plus1", expr: '{__name__=~"node_load.*"} + on() vector(1)' }] },
    { name: "job-recording", rules: [{ record: "job:up:sum", expr: "sum by (job) (up)" }] },
    {
      name: "stack-alerts",
      rules: [
        { alert: "TargetDown", expr: "up == 0", for: "0s", labels: { severity: "critical" }, annotations: { summary: "A target is down" } },
        { alert: "Watchdog", expr: "vector(1)", for: "0s", labels: { severity: "none" }, annotations: { summary: "Always firing" } },
        { alert: "SlowBurn", expr: "vector(1)", for: "1h", labels: { severity: "warning" } },
      ],
    },
  ],
};

const rules = (o: Observation) => o.prometheus?.rules;
const alertStates = (o: Observation) => (rules(o)?.alerts ?? []).map((alert) => `${alert.name}:${alert.state}`);

export const RULE_SCENARIOS: Scenario[] = [
  {
    name: "rule-evaluation-failing",
    how: "Prometheus with a rule file (a recording rule failing at evaluation, a working one, alerts firing and pending), node exporter, a target where nothing listens, a dashboard reading both rules' outputs",
    async record(kit) {
      const port = 19197;
      const configDir = kit.dir(PROMETHEUS, "config");
      fs.writeFileSync(path.join(configDir, "rules.yml"), YAML.stringify(RULES));
      const config = YAML.parse(kit.prometheusConfig(port, { node: ["127.0.0.1:18895"], "orders-api": ["127.0.0.1:18899"] }));
      await kit.run(
        NODE_EXPORTER,
        ["--restart", "no", ...kit.hostMounts, "--entrypoint", "/usr/bin/prometheus-node-exporter"],
        ["--web.listen-address=127.0.0.1:18895"],
      );
      await kit.prometheus(PROMETHEUS, port, { config: YAML.stringify({ ...config, rule_files: ["/etc/prometheus/rules.yml"] }) });
      kit.writeDashboard("cascade-rec-node-load", "Node load", [
        { title: "Load plus one (recorded)", expr: "node:load:plus1" },
        { title: "Targets up per job (recorded)", expr: "job:up:sum", type: "stat" },
      ]);
      const stack = {
        containers: [{ name: PROMETHEUS }, { name: NODE_EXPORTER }],
        prometheus: { url: `http://127.0.0.1:${port}`, container: PROMETHEUS },
        grafana: { dashboardsDir: "dashboards" },
      };
      return kit.collectUntil(
        "a failing rule group, alerts firing and pending, the working rule's output read",
        stack,
        (o) =>
          (rules(o)?.groups.some((group) => group.name === "node-recording" && group.health === "err") ?? false) &&
          ["TargetDown:firing", "Watchdog:firing", "SlowBurn:pending"].every((state) => alertStates(o).includes(state)) &&
          o.dashboards.some((dashboard) => dashboard.panels.some((panel) => panel.title.startsWith("Targets up") && panel.status === "ok")),
        { timeoutMs: 90_000, intervalMs: 1_000 },
      );
    },
    facts: (o) => [
      ...prometheusFacts(o),
      ...(rules(o)?.groups ?? []).map((group) => `rule group ${group.name} (${group.file}): ${group.health} ${group.lastError ?? ""}`),
      `alerts: ${alertStates(o).join(", ")}`,
      ...panelFacts(o),
    ],
  },
];
