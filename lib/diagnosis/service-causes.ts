import type { Observation } from "@/lib/contracts/board";
import type { CauseRef } from "@/lib/contracts/diagnosis";
import type { ServiceView, SwarmNodeView } from "@/lib/contracts/services";
import { explainingNode, failingTask, judgeNode, judgeService, recentTaskFailures, stuckTasks } from "@/lib/health/service";
import { type ActionFact, type EvidenceFact, type Finding, type HypothesisFact, msg } from "./types";

// Causes that live in a Swarm: a service with fewer running tasks than desired, a service whose tasks keep failing,
// a node that is down, a manager that cannot be asked. Which one is decided by lib/health/service.ts (the judge
// verify uses too); the evidence is Docker's own words (the task error, the exit code) and the task's last lines.

const ref = (cause: Finding): CauseRef => ({ kind: cause.kind, subject: cause.subject });
const LOG_LINES = 3;

function serviceFinding(service: ServiceView, nodes: SwarmNodeView[], now: Date): Finding | null {
  const kind = judgeService(service, now);
  if (kind === null) return null;
  const task = failingTask(service, now);
  const failures = recentTaskFailures(service, now).length;
  const node = explainingNode(service, nodes, now);
  const evidence: EvidenceFact[] = [
    { label: msg("label.service-tasks"), value: `${service.running}/${service.desired ?? "?"}` },
    ...(service.state === "missing" ? [{ label: msg("label.docker-error"), value: service.reason ?? "" }] : []),
    ...(task?.error ? [{ label: msg("label.task-error"), value: task.error }] : []),
    ...(task && task.exitCode !== null ? [{ label: msg("label.exit-code"), value: String(task.exitCode) }] : []),
    ...(task?.node ? [{ label: msg("label.node"), value: task.node }] : []),
    ...(service.updateStatus ? [{ label: msg("label.update-status"), value: service.updateStatus.state }] : []),
    ...(task?.logTail ?? []).slice(-LOG_LINES).map((line) => ({ label: msg("label.log"), value: line })),
  ];
  const taskError = task?.error ?? null;
  const hypotheses: HypothesisFact[] = [];
  const errorFact = taskError ? [msg("fact.task-error", { error: taskError })] : [];
  const tail = (task?.logTail ?? []).slice(-2).join(" / ");
  if (service.state === "missing") {
    hypotheses.push({
      message: msg("hypothesis.service-removed"),
      likelihood: "likely",
      evidence: [msg("fact.text", { text: service.reason ?? "" })],
    });
  } else if (node) {
    hypotheses.push({
      message: msg("hypothesis.service-node-down", { node: node.hostname }),
      likelihood: "likely",
      evidence: [msg("fact.node-state", { node: node.hostname, state: node.state })],
    });
  } else if (task && stuckTasks(service).includes(task)) {
    hypotheses.push({ message: msg("hypothesis.task-unplaceable"), likelihood: "likely", evidence: errorFact });
  } else if (task) {
    hypotheses.push({
      message: msg("hypothesis.task-exits", { exitCode: task.exitCode }),
      likelihood: "likely",
      evidence: [...errorFact, msg("fact.task-failures", { count: failures }), ...(tail ? [msg("fact.last-lines", { text: tail })] : [])],
    });
  } else {
    hypotheses.push({ message: msg("hypothesis.tasks-starting"), likelihood: "possible", evidence: [msg("fact.no-task-error")] });
  }
  const params = {
    service: service.name,
    engine: service.engine,
    mode: service.mode,
    desired: service.desired,
    running: service.running,
    missing: service.state === "missing",
    error: taskError,
    exitCode: task?.exitCode ?? null,
    node: task?.node ?? null,
    failures,
    updateState: service.updateStatus?.state ?? null,
    since: task?.updatedAt ?? null,
  };
  // A service that exists gets a button (a forced rolling update); one the manager does not have, only words.
  const restart: ActionFact = {
    kind: service.state === "observed" ? "restart-service" : "advice",
    message: msg("action.restart-service", { service: service.name }),
    container: null,
    policy: null,
    ...(service.state === "observed" ? { service: service.name } : {}),
  };
  const actions: ActionFact[] = [
    restart,
    ...(service.mode === "replicated" && service.desired !== null && service.running > 0 && service.running < service.desired
      ? [
          {
            kind: "advice" as const,
            message: msg("action.scale-service", { service: service.name, replicas: service.running }),
            container: null,
            policy: null,
          },
        ]
      : []),
  ];
  const explainedBy = node ? { kind: "node-down" as const, subject: node.hostname } : null;
  return {
    kind,
    subject: service.name,
    params,
    since: params.since,
    root: explainedBy === null,
    explainedBy,
    evidence,
    hypotheses,
    actions,
  };
}

function nodeFinding(node: SwarmNodeView, engine: string): Finding {
  return {
    kind: "node-down",
    subject: node.hostname,
    params: { node: node.hostname, engine, state: node.state, availability: node.availability, role: node.role, message: node.message },
    since: null,
    root: true,
    explainedBy: null,
    evidence: [
      { label: msg("label.state"), value: node.state },
      { label: msg("label.availability"), value: node.availability },
      ...(node.message ? [{ label: msg("label.docker-error"), value: node.message }] : []),
    ],
    hypotheses: [
      {
        message: msg("hypothesis.node-unreachable"),
        likelihood: "likely",
        evidence: [msg("fact.node-state", { node: node.hostname, state: node.state })],
      },
    ],
    actions: [{ kind: "advice", message: msg("action.check-node", { node: node.hostname }), container: null, policy: null }],
  };
}

/** The Swarm's causes: managers that cannot be asked, nodes that are down, then the services. */
export function diagnoseServices(observation: Observation, now: Date): Finding[] {
  const swarms = observation.swarm ?? [];
  const unavailable = swarms
    .filter(
      (swarm) =>
        swarm.error !== null &&
        (!swarm.reachable ||
          !swarm.manager ||
          (observation.services ?? []).some((s) => s.engine === swarm.engine && s.state === "unknown")),
    )
    .map(
      (swarm): Finding => ({
        kind: "swarm-unavailable",
        subject: swarm.engine,
        params: {
          engine: swarm.engine,
          reachable: swarm.reachable,
          manager: swarm.manager,
          localNodeState: swarm.localNodeState,
          error: swarm.error,
        },
        since: null,
        root: true,
        explainedBy: null,
        evidence: [
          { label: msg("label.engine"), value: swarm.engine },
          ...(swarm.localNodeState ? [{ label: msg("label.swarm-state"), value: swarm.localNodeState }] : []),
          { label: msg("label.error"), value: swarm.error ?? "" },
        ],
        hypotheses: [
          swarm.reachable
            ? { message: msg("hypothesis.not-a-manager"), likelihood: "likely", evidence: [msg("fact.text", { text: swarm.error ?? "" })] }
            : { message: msg("hypothesis.dockerd-down"), likelihood: "likely", evidence: [msg("fact.text", { text: swarm.error ?? "" })] },
        ],
        actions: [{ kind: "advice", message: msg("action.point-at-manager", { engine: swarm.engine }), container: null, policy: null }],
      }),
    );
  const nodes = swarms.flatMap((swarm) => swarm.nodes.map((node) => ({ node, engine: swarm.engine })));
  const nodeCauses = nodes.filter(({ node }) => judgeNode(node) !== null).map(({ node, engine }) => nodeFinding(node, engine));
  const allNodes = nodes.map(({ node }) => node);
  const serviceCauses = (observation.services ?? []).flatMap((service) => serviceFinding(service, allNodes, now) ?? []);
  return [...unavailable, ...nodeCauses, ...serviceCauses];
}

/** "host:port" of a URL, loopback names made one; null when it is not a URL. */
function hostPort(url: string): { host: string; port: string } | null {
  try {
    const parsed = new URL(url.includes("://") ? url : `http://${url}`);
    const host = parsed.hostname === "localhost" || parsed.hostname === "[::1]" ? "127.0.0.1" : parsed.hostname;
    return { host, port: parsed.port || (parsed.protocol === "https:" ? "443" : "80") };
  } catch {
    return null;
  }
}

/**
 * URL -> the cause of the watched service that serves it: a port it publishes (on every node, so the port alone), or a
 * host:port its `cascade.serves` label names. Only services with a cause are indexed.
 */
export function indexServiceCausesByAddress(observation: Observation, causes: Finding[]): (url: string) => CauseRef | null {
  const byName = new Map(causes.filter((cause) => cause.kind.startsWith("service-")).map((cause) => [cause.subject, cause]));
  const byPort = new Map<string, Finding>();
  const byHostPort = new Map<string, Finding>();
  for (const service of observation.services ?? []) {
    const cause = byName.get(service.name);
    if (!cause) continue;
    for (const port of service.publishedPorts) byPort.set(String(port), cause);
    for (const served of service.serves) {
      const address = hostPort(served);
      if (address) byHostPort.set(`${address.host}:${address.port}`, cause);
    }
  }
  return (url) => {
    if (byPort.size === 0 && byHostPort.size === 0) return null;
    const address = hostPort(url);
    if (!address) return null;
    const cause = byHostPort.get(`${address.host}:${address.port}`) ?? byPort.get(address.port);
    return cause ? ref(cause) : null;
  };
}
