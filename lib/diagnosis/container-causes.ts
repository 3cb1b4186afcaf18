import type { ContainerView, Observation } from "@/lib/contracts/board";
import { containerRef } from "@/lib/engines/container-key";
import { judgeContainer, recentErrorExits, signalOf } from "@/lib/health/container";
import type { Params } from "@/lib/messages/types";
import { dockerErrorClass, engineCauses } from "./engine-causes";
import { type ActionFact, type EvidenceFact, type Finding, type HypothesisFact, msg } from "./types";

// Causes that live in Docker: the daemon itself and each watched container that is not running well (which one is
// decided by lib/health/container.ts, the judge verify uses too). Hypotheses rest on what was observed (exit code,
// OOMKilled, log lines, restart policy, Docker events), never on guesswork that ignores it.

const SIGTERM_LOG = /received SIGTERM|signal=terminated|exiting gracefully|received an OS signal/i;
const CONFIG_ERROR_LOG =
  /error loading config|couldn't load config|invalid config|configuration error|parsing YAML|config file .* (invalid|error)/i;

const firstLine = (lines: string[], pattern: RegExp) => lines.find((line) => pattern.test(line)) ?? null;
const lastLines = (lines: string[], count: number) => lines.slice(-count);

function startActions(container: ContainerView, verb: "start" | "restart"): ActionFact[] {
  const ref = containerRef(container);
  const actions: ActionFact[] = [{ kind: verb, message: msg(`action.${verb}`, { container: ref }), container: ref, policy: null }];
  if (container.restartPolicy?.name === "no") {
    actions.push({
      kind: "set-restart-policy",
      message: msg("action.set-restart-policy", { container: ref, policy: "unless-stopped" }),
      container: ref,
      policy: "unless-stopped",
    });
  }
  return actions;
}

function baseEvidence(container: ContainerView): EvidenceFact[] {
  const evidence: EvidenceFact[] = [{ label: msg("label.state"), value: container.state }];
  if (container.exitCode !== null) evidence.push({ label: msg("label.exit-code"), value: String(container.exitCode) });
  if (container.oomKilled) evidence.push({ label: msg("label.oom-killed"), value: "true" });
  if (container.restartPolicy) evidence.push({ label: msg("label.restart-policy"), value: container.restartPolicy.name });
  if (container.restartCount) evidence.push({ label: msg("label.restart-count"), value: String(container.restartCount) });
  if (container.error) evidence.push({ label: msg("label.docker-error"), value: container.error });
  return evidence;
}

function exitHypotheses(container: ContainerView, observation: Observation): HypothesisFact[] {
  const log = container.logTail;
  const code = container.exitCode;
  const policy = container.restartPolicy?.name ?? "no";
  const sigterm = firstLine(log, SIGTERM_LOG);
  const configError = firstLine(log, CONFIG_ERROR_LOG);
  const ref = containerRef(container);
  const events = observation.timeline.filter((event) => event.subject === ref);
  // Only a stop that came right before this exit counts, not one from an earlier run.
  const exitedAt = container.finishedAt ? Date.parse(container.finishedAt) : NaN;
  const nearExit = (time: string) => Math.abs(Date.parse(time) - exitedAt) <= 60_000;
  const stopEvent = events.find(
    (event) => nearExit(event.time) && (event.kind === "stop" || (event.kind === "kill" && /signal 15\b/.test(event.text))),
  );
  const exitCode = msg("fact.exit-code", { exitCode: code });
  const hypotheses: HypothesisFact[] = [];
  if (code === 0 && (sigterm || stopEvent)) {
    const evidence = [exitCode, ...(sigterm ? [msg("fact.log", { line: sigterm })] : []), msg("fact.not-brought-back", { policy })];
    if (stopEvent) evidence.push(msg("fact.docker-event", { text: stopEvent.text, time: stopEvent.time }));
    hypotheses.push({ message: msg("hypothesis.stopped-by-hand"), likelihood: "likely", evidence });
    hypotheses.push({ message: msg("hypothesis.stopped-by-host"), likelihood: "possible", evidence: [msg("fact.clean-sigterm")] });
  } else if (code === 0) {
    hypotheses.push({ message: msg("hypothesis.finished-by-itself"), likelihood: "likely", evidence: [exitCode, msg("fact.no-sigterm")] });
  }
  if (code !== null && code !== 0 && configError) {
    const evidence = [exitCode, msg("fact.log", { line: configError })];
    hypotheses.push({ message: msg("hypothesis.bad-config"), likelihood: "likely", evidence });
  }
  if (code === 137 && !container.oomKilled) {
    hypotheses.push({ message: msg("hypothesis.sigkill"), likelihood: "likely", evidence: [msg("fact.exit-137"), msg("fact.oom-false")] });
  }
  if (code === 143) hypotheses.push({ message: msg("hypothesis.sigterm"), likelihood: "likely", evidence: [msg("fact.exit-143")] });
  if (code !== null && code !== 0 && code !== 137 && code !== 143 && !configError) {
    const tail = lastLines(log, 2).join(" / ");
    hypotheses.push({
      message: msg("hypothesis.crashed", { exitCode: code }),
      likelihood: "likely",
      evidence: [exitCode, ...(tail ? [msg("fact.last-lines", { text: tail })] : [])],
    });
  }
  return hypotheses;
}

function finding(container: ContainerView, observation: Observation, fields: Omit<Finding, "subject" | "root" | "explainedBy">) {
  const ref = containerRef(container);
  const params: Params = { container: ref, prometheus: observation.prometheus?.container === ref };
  return { ...fields, subject: ref, root: true, explainedBy: null, params: { ...params, ...fields.params } };
}

function containerCause(container: ContainerView, observation: Observation, now: Date): Finding | null {
  const kind = judgeContainer(container, observation.timeline, now);
  const evidence = baseEvidence(container);
  const name = containerRef(container);
  switch (kind) {
    case null:
      return null;
    case "container-restarting": {
      const dies = recentErrorExits(container, observation.timeline, now);
      const exitCodes = [...new Set(dies.map((event) => event.exitCode))].map((code) => (code === null ? "" : String(code)));
      const since = dies[0]?.time ?? dies.at(-1)?.time ?? container.startedAt;
      return finding(container, observation, {
        kind,
        params: {
          restarts: container.restartCount ?? dies.length,
          exits: dies.length,
          exitCodes,
          restartPolicy: container.restartPolicy?.name ?? null,
          since,
        },
        since,
        evidence: [...evidence, ...lastLines(container.logTail, 3).map((line) => ({ label: msg("label.log"), value: line }))],
        hypotheses: [
          {
            message: msg("hypothesis.fails-at-start"),
            likelihood: "likely",
            evidence: [
              msg("fact.recent-exits", { count: dies.length }),
              msg("fact.restart-count-rising", { count: container.restartCount }),
            ],
          },
          ...exitHypotheses(container, observation)
            .filter((hypothesis) => hypothesis.likelihood === "likely")
            .map((hypothesis) => ({ ...hypothesis, likelihood: "possible" as const })),
        ],
        actions: [{ kind: "advice", message: msg("action.read-log", { container: name }), container: name, policy: null }],
      });
    }
    case "container-missing":
      return finding(container, observation, {
        kind,
        params: { reason: container.reason },
        since: null,
        evidence: [{ label: msg("label.docker"), value: container.reason ?? msg("fact.no-such-container-value") }],
        hypotheses: [
          { message: msg("hypothesis.removed"), likelihood: "likely", evidence: [msg("fact.no-such-container")] },
          { message: msg("hypothesis.other-name"), likelihood: "possible", evidence: [msg("fact.watched-name", { container: name })] },
        ],
        actions: [{ kind: "advice", message: msg("action.recreate", { container: name }), container: null, policy: null }],
      });
    case "container-gone":
      return finding(container, observation, {
        kind,
        params: { selector: container.selector ?? null, lastSeen: container.goneSince ?? null },
        since: container.goneSince ?? null,
        evidence: [
          { label: msg("label.selector"), value: container.selector ?? "" },
          { label: msg("label.last-seen-running"), value: container.goneSince ?? "" },
        ],
        hypotheses: [{ message: msg("hypothesis.removed"), likelihood: "likely", evidence: [msg("fact.no-such-container")] }],
        actions: [{ kind: "advice", message: msg("action.recreate", { container: name }), container: null, policy: null }],
      });
    case "container-not-started":
      return finding(container, observation, {
        kind,
        params: { state: container.state },
        since: null,
        evidence,
        hypotheses: [
          { message: msg("hypothesis.never-started"), likelihood: "likely", evidence: [msg("fact.state", { state: "created" })] },
        ],
        actions: startActions(container, "start"),
      });
    case "container-oom-killed":
      return finding(container, observation, {
        kind,
        params: { exitCode: container.exitCode, signal: signalOf(container.exitCode), since: container.finishedAt },
        since: container.finishedAt,
        evidence,
        hypotheses: [
          {
            message: msg("hypothesis.memory-limit"),
            likelihood: "likely",
            evidence: [msg("fact.exit-code", { exitCode: container.exitCode }), msg("fact.oom-true")],
          },
          { message: msg("hypothesis.memory-leak"), likelihood: "possible", evidence: [msg("fact.oom-true")] },
        ],
        actions: [
          ...startActions(container, "start"),
          { kind: "advice", message: msg("action.raise-memory", { container: name }), container: null, policy: null },
        ],
      });
    case "container-exited": {
      const since = container.finishedAt;
      const sigterm = firstLine(container.logTail, SIGTERM_LOG);
      if (since) evidence.push({ label: msg("label.exited-at"), value: since });
      const keyLine = sigterm ?? firstLine(container.logTail, CONFIG_ERROR_LOG) ?? container.logTail.at(-1);
      if (keyLine) evidence.push({ label: msg("label.log"), value: keyLine });
      return finding(container, observation, {
        kind,
        params: {
          state: container.state,
          exitCode: container.exitCode,
          signal: signalOf(container.exitCode),
          restartPolicy: container.restartPolicy?.name ?? null,
          since,
        },
        since,
        evidence,
        hypotheses: exitHypotheses(container, observation),
        actions: startActions(container, "start"),
      });
    }
    case "container-paused": {
      const since = observation.timeline.find((event) => event.subject === name && event.kind === "pause")?.time ?? null;
      return finding(container, observation, {
        kind,
        params: { since },
        since,
        evidence,
        hypotheses: [
          { message: msg("hypothesis.paused-by-hand"), likelihood: "likely", evidence: [msg("fact.state", { state: "paused" })] },
        ],
        actions: [{ kind: "advice", message: msg("action.unpause", { container: name }), container: name, policy: null }],
      });
    }
    case "container-unhealthy": {
      const health = container.health!;
      return finding(container, observation, {
        kind,
        params: { failingStreak: health.failingStreak, lastOutput: health.lastOutput },
        since: null,
        evidence: [
          ...evidence,
          { label: msg("label.health"), value: "unhealthy" },
          ...(health.lastOutput ? [{ label: msg("label.last-check-output"), value: health.lastOutput }] : []),
        ],
        hypotheses: [
          {
            message: msg("hypothesis.stuck"),
            likelihood: "likely",
            evidence: [msg("fact.failing-streak", { count: health.failingStreak })],
          },
        ],
        actions: startActions(container, "restart").filter((action) => action.kind === "restart"),
      });
    }
  }
}

/** Docker's own causes: the daemon(s), then each watched container that is not running well. */
export function diagnoseContainers(observation: Observation, now: Date): Finding[] {
  if ((observation.engines?.length ?? 0) > 1) {
    const down = new Set(observation.engines!.filter((engine) => !engine.reachable).map((engine) => engine.name));
    return [
      ...engineCauses(observation),
      ...observation.containers
        .filter((container) => container.ignored === undefined && !down.has(container.engine ?? ""))
        .map((container) => containerCause(container, observation, now))
        .filter((cause): cause is Finding => cause !== null),
    ];
  }
  if (!observation.docker.reachable) {
    const error = observation.docker.error ?? "";
    const errorClass = dockerErrorClass(error);
    return [
      {
        kind: "docker-unreachable",
        subject: "docker",
        params: { error: observation.docker.error, errorClass },
        since: null,
        root: true,
        explainedBy: null,
        evidence: [{ label: msg("label.docker"), value: observation.docker.error ?? msg("fact.no-answer") }],
        hypotheses: [
          {
            message: msg("hypothesis.dockerd-down"),
            likelihood: errorClass === "refused" ? "likely" : "possible",
            evidence: [msg("fact.text", { text: error })],
          },
          {
            message: msg("hypothesis.docker-permission"),
            likelihood: errorClass === "permission" ? "likely" : "possible",
            evidence: [msg("fact.text", { text: error })],
          },
        ],
        actions: [{ kind: "advice", message: msg("action.start-dockerd"), container: null, policy: null }],
      },
    ];
  }
  return observation.containers
    .filter((container) => container.ignored === undefined)
    .map((container) => containerCause(container, observation, now))
    .filter((cause): cause is Finding => cause !== null);
}
