import type { Board } from "@/lib/contracts/board";
import type { BoardSummary, DashboardDetail } from "@/lib/contracts/board-views";
import type { PrometheusRules } from "@/lib/contracts/prometheus-rules";

// The page's views of a rendered board: the summary (no panels) and one dashboard in full. Pure.

export function summaryView(board: Board): BoardSummary {
  return { ...board, view: "summary", dashboards: board.dashboards.map(({ panels: _panels, ...dashboard }) => dashboard) };
}

/** One dashboard with its panels and the causes it names; null when no dashboard has that uid. */
export function dashboardView(board: Board, uid: string): DashboardDetail | null {
  const dashboard = board.dashboards.find((candidate) => candidate.uid === uid);
  if (!dashboard) return null;
  const named = new Set(dashboard.causes.map((ref) => `${ref.kind}\u0000${ref.subject}`));
  const causes = board.summary.causes.filter((cause) => named.has(`${cause.kind}\u0000${cause.subject}`));
  return { generatedAt: board.generatedAt, dashboard, causes };
}

/** The parts of a board (rendered, summary, or the diagnosis before words) that hold verdicts. */
export interface VerdictSource
  extends Pick<Board, "status" | "docker" | "engines" | "containers" | "services" | "prometheus" | "metricsEndpoints"> {
  dashboards: Pick<Board["dashboards"][number], "uid" | "status" | "panelCounts" | "causes">[];
  summary: { causes: Pick<Board["summary"]["causes"][number], "kind" | "subject" | "root" | "explainedBy" | "members">[] };
}

/** Rule groups' health and the alerts' states: an alert that starts or stops firing is news. */
const rulesVerdicts = (rules: PrometheusRules | undefined) =>
  rules
    ? [
        rules.groups.map((group) => [group.file, group.name, group.health]),
        rules.alerts.map((alert) => [alert.state, Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b))]),
        rules.groupsError === null,
        rules.alertsError === null,
      ]
    : null;

/**
 * What a viewer must be told again when it changes: every verdict, none of the timestamps, durations or relative
 * words ("13 minutes ago") that change on every refresh. Hashing this decides whether the stream sends a board.
 */
export function verdictsOf(board: VerdictSource): string {
  return JSON.stringify([
    board.status,
    board.docker.reachable,
    (board.engines ?? []).map((engine) => [engine.name, engine.reachable, engine.swarm]),
    board.containers.map((container) => [
      container.engine ?? null,
      container.name,
      container.state,
      container.exitCode,
      container.health?.status ?? null,
    ]),
    // A scale or restart changes desired and running without always changing a cause: the services page must see it.
    (board.services ?? []).map((service) => [service.engine, service.name, service.state, service.desired, service.running]),
    board.prometheus
      ? [
          board.prometheus.reachable,
          board.prometheus.ready,
          board.prometheus.targets.map((target) => [target.scrapeUrl, target.health]),
          rulesVerdicts(board.prometheus.rules),
        ]
      : null,
    board.metricsEndpoints.map((endpoint) => [endpoint.name, endpoint.httpStatus, endpoint.error === null, endpoint.missing]),
    board.dashboards.map((dashboard) => [dashboard.uid, dashboard.status, dashboard.panelCounts, dashboard.causes]),
    board.summary.causes.map((cause) => [cause.kind, cause.subject, cause.root, cause.explainedBy, cause.members?.count ?? null]),
  ]);
}
