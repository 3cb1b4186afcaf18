import type { ContainerView, Observation } from "@/lib/contracts/board";
import type { Action, Cause, Evidence, Hypothesis } from "@/lib/contracts/diagnosis";
import { ago, containerTitle, plural, when } from "./words";

// Causes that live in Docker: the daemon itself and each watched container. Hypotheses rest on what was observed
// (exit code, OOMKilled, log lines, restart policy, Docker events), never on guesswork that ignores it.

const SIGTERM_LOG = /received SIGTERM|signal=terminated|exiting gracefully|received an OS signal/i;
const CONFIG_ERROR_LOG =
  /error loading config|couldn't load config|invalid config|configuration error|parsing YAML|config file .* (invalid|error)/i;
const CRASH_LOOP_WINDOW_MS = 10 * 60_000;
const CRASH_LOOP_DIES = 3;

const firstLine = (lines: string[], pattern: RegExp) => lines.find((line) => pattern.test(line)) ?? null;
const lastLines = (lines: string[], count: number) => lines.slice(-count);

function startActions(container: ContainerView, verb: "start" | "restart"): Action[] {
  const actions: Action[] = [
    { kind: verb, label: `${verb === "start" ? "Start" : "Restart"} ${container.name}`, container: container.name, policy: null },
  ];
  if (container.restartPolicy?.name === "no") {
    actions.push({
      kind: "set-restart-policy",
      label: `Set restart policy of ${container.name} to unless-stopped`,
      container: container.name,
      policy: "unless-stopped",
    });
  }
  return actions;
}

function baseEvidence(container: ContainerView): Evidence[] {
  const evidence: Evidence[] = [{ label: "State", value: container.state }];
  if (container.exitCode !== null) evidence.push({ label: "Exit code", value: String(container.exitCode) });
  if (container.oomKilled) evidence.push({ label: "OOMKilled", value: "true" });
  if (container.restartPolicy) evidence.push({ label: "Restart policy", value: container.restartPolicy.name });
  if (container.restartCount) evidence.push({ label: "Restart count", value: String(container.restartCount) });
  if (container.error) evidence.push({ label: "Docker error", value: container.error });
  return evidence;
}

function exitHypotheses(container: ContainerView, observation: Observation): Hypothesis[] {
  const log = container.logTail;
  const code = container.exitCode;
  const policy = container.restartPolicy?.name ?? "no";
  const sigterm = firstLine(log, SIGTERM_LOG);
  const configError = firstLine(log, CONFIG_ERROR_LOG);
  const events = observation.timeline.filter((event) => event.subject === container.name);
  // Only a stop that came right before this exit counts, not one from an earlier run.
  const exitedAt = container.finishedAt ? Date.parse(container.finishedAt) : NaN;
  const nearExit = (time: string) => Math.abs(Date.parse(time) - exitedAt) <= 60_000;
  const stopEvent = events.find(
    (event) => nearExit(event.time) && (event.kind === "stop" || (event.kind === "kill" && /signal 15\b/.test(event.text))),
  );
  const notBroughtBack =
    policy === "no" ? `restart policy "no", so nothing brought it back` : `restart policy "${policy}" did not bring it back`;
  const hypotheses: Hypothesis[] = [];
  if (code === 0 && (sigterm || stopEvent)) {
    const evidence = [`exit code 0`, ...(sigterm ? [`log: ${sigterm}`] : []), notBroughtBack];
    if (stopEvent) evidence.push(`Docker event: ${stopEvent.text} at ${stopEvent.time}`);
    hypotheses.push({
      text: "Stopped by hand (docker stop) or by a Docker daemon restart, and not brought back",
      likelihood: "likely",
      evidence,
    });
    hypotheses.push({
      text: "Stopped by the host shutting down or by a deploy script",
      likelihood: "possible",
      evidence: [`a clean exit on SIGTERM`],
    });
  } else if (code === 0) {
    hypotheses.push({
      text: "The process finished by itself (exit 0) without a signal",
      likelihood: "likely",
      evidence: ["exit code 0", "no SIGTERM in the log or in Docker's events"],
    });
  }
  if (code !== null && code !== 0 && configError) {
    hypotheses.push({
      text: "A bad configuration: the process refused to start",
      likelihood: "likely",
      evidence: [`exit code ${code}`, `log: ${configError}`],
    });
  }
  if (code === 137 && !container.oomKilled) {
    hypotheses.push({
      text: "Killed with SIGKILL (docker kill, or docker stop after its timeout)",
      likelihood: "likely",
      evidence: ["exit code 137 = 128 + 9 (SIGKILL)", "OOMKilled is false"],
    });
  }
  if (code === 143) {
    hypotheses.push({
      text: "Stopped with SIGTERM and the process did not exit cleanly",
      likelihood: "likely",
      evidence: ["exit code 143 = 128 + 15 (SIGTERM)"],
    });
  }
  if (code !== null && code !== 0 && code !== 137 && code !== 143 && !configError) {
    const tail = lastLines(log, 2).join(" / ");
    hypotheses.push({
      text: `The process crashed (exit ${code})`,
      likelihood: "likely",
      evidence: [`exit code ${code}`, ...(tail ? [`last log lines: ${tail}`] : [])],
    });
  }
  return hypotheses;
}

function exitedCause(container: ContainerView, observation: Observation, now: Date): Cause {
  const since = container.finishedAt;
  const sigterm = firstLine(container.logTail, SIGTERM_LOG);
  const evidence = baseEvidence(container);
  if (since) evidence.push({ label: "Exited at", value: since });
  const keyLine = sigterm ?? firstLine(container.logTail, CONFIG_ERROR_LOG) ?? container.logTail.at(-1);
  if (keyLine) evidence.push({ label: "Log", value: keyLine });
  const sinceWords = ago(since, now);
  return {
    kind: "container-exited",
    subject: container.name,
    title: `${containerTitle(container.name, observation)} exited with code ${container.exitCode ?? "?"}${sinceWords ? ` ${sinceWords}` : ""}.`,
    detail: `${container.name} is not running (state ${container.state}, exit code ${container.exitCode ?? "unknown"}, restart policy ${container.restartPolicy?.name ?? "unknown"}).`,
    since,
    sinceText: when(since, now),
    root: true,
    explainedBy: null,
    evidence,
    hypotheses: exitHypotheses(container, observation),
    actions: startActions(container, "start"),
  };
}

function recentDies(container: ContainerView, observation: Observation, now: Date) {
  return observation.timeline.filter(
    (event) => event.subject === container.name && event.kind === "die" && now.getTime() - Date.parse(event.time) <= CRASH_LOOP_WINDOW_MS,
  );
}

function containerCause(container: ContainerView, observation: Observation, now: Date): Cause | null {
  const Label = containerTitle(container.name, observation);
  const base = { subject: container.name, root: true, explainedBy: null, evidence: baseEvidence(container) } as const;
  // Crash loop: Docker is restarting it now, or it keeps dying with an error while the policy brings it back.
  // Exits with code 0 (someone stopped it) do not count, however many there were.
  const dies = recentDies(container, observation, now).filter((event) => event.exitCode !== 0);
  const loopingNow = container.state === "running" && dies.length >= CRASH_LOOP_DIES && container.restartPolicy?.name !== "no";
  if (container.state === "restarting" || loopingNow) {
    const codes = [...new Set(dies.map((event) => event.exitCode))].join(", ");
    const since = dies.at(-1)?.time ?? container.startedAt;
    return {
      ...base,
      kind: "container-restarting",
      title: `${Label} is in a crash loop: ${plural(container.restartCount ?? dies.length, "restart")} so far.`,
      detail: `Docker keeps restarting ${container.name} (policy ${container.restartPolicy?.name}) and it keeps exiting${codes ? ` (exit ${codes})` : ""}.`,
      since: dies[0]?.time ?? since,
      sinceText: when(dies[0]?.time ?? since, now),
      evidence: [...base.evidence, ...lastLines(container.logTail, 3).map((line) => ({ label: "Log", value: line }))],
      hypotheses: [
        {
          text: "The process fails at start-up every time",
          likelihood: "likely",
          evidence: [`${plural(dies.length, "exit")} in the last 10 minutes`, `restart count ${container.restartCount ?? "?"} and rising`],
        },
        ...exitHypotheses(container, observation)
          .filter((hypothesis) => hypothesis.likelihood === "likely")
          .map((hypothesis) => ({ ...hypothesis, likelihood: "possible" as const })),
      ],
      actions: [
        {
          kind: "advice",
          label: `Read the log of ${container.name}: the error repeats at each start; restarting will not help until it is fixed`,
          container: container.name,
          policy: null,
        },
      ],
    };
  }
  switch (container.state) {
    case "missing":
      return {
        ...base,
        kind: "container-missing",
        title: `${Label} does not exist.`,
        detail: container.reason ?? `Docker has no container named ${container.name}.`,
        since: null,
        sinceText: null,
        evidence: [{ label: "Docker", value: container.reason ?? "no such container" }],
        hypotheses: [
          {
            text: "It was removed (docker rm, docker compose down)",
            likelihood: "likely",
            evidence: ["Docker answered: no such container"],
          },
          {
            text: "It runs under another name, or cascade.yaml names it wrongly",
            likelihood: "possible",
            evidence: [`watched name: ${container.name}`],
          },
        ],
        actions: [
          {
            kind: "advice",
            label: `Create ${container.name} again (e.g. docker compose up -d), or fix its name in cascade.yaml`,
            container: null,
            policy: null,
          },
        ],
      };
    case "exited":
    case "dead":
    case "created":
      if (container.oomKilled) {
        return {
          ...base,
          kind: "container-oom-killed",
          title: `${Label} was killed for running out of memory${ago(container.finishedAt, now) ? ` ${ago(container.finishedAt, now)}` : ""}.`,
          detail: `The kernel killed ${container.name} (exit ${container.exitCode ?? "?"}, OOMKilled) because it reached its memory limit.`,
          since: container.finishedAt,
          sinceText: when(container.finishedAt, now),
          hypotheses: [
            {
              text: "Its memory limit is too low for its work",
              likelihood: "likely",
              evidence: [`exit code ${container.exitCode}`, "OOMKilled: true"],
            },
            { text: "A memory leak grew until the limit", likelihood: "possible", evidence: ["OOMKilled: true"] },
          ],
          actions: [
            ...startActions(container, "start"),
            { kind: "advice", label: `Raise the memory limit of ${container.name} or find what grows`, container: null, policy: null },
          ],
        };
      }
      if (container.state === "created") return null;
      return exitedCause(container, observation, now);
    case "paused":
      return {
        ...base,
        kind: "container-paused",
        title: `${Label} is paused: it holds connections but answers nothing.`,
        detail: `${container.name} was frozen with docker pause; its processes do not run until it is unpaused.`,
        since: observation.timeline.find((event) => event.subject === container.name && event.kind === "pause")?.time ?? null,
        sinceText: when(
          observation.timeline.find((event) => event.subject === container.name && event.kind === "pause")?.time ?? null,
          now,
        ),
        hypotheses: [
          { text: "Paused by hand (docker pause) or by a backup or snapshot tool", likelihood: "likely", evidence: ["state: paused"] },
        ],
        actions: [{ kind: "advice", label: `Unpause it: docker unpause ${container.name}`, container: container.name, policy: null }],
      };
    case "running":
      if (container.health?.status !== "unhealthy") return null;
      return {
        ...base,
        kind: "container-unhealthy",
        title: `${Label} runs but fails its health check.`,
        detail: `Its health check failed ${plural(container.health.failingStreak, "time")} in a row.`,
        since: null,
        sinceText: null,
        evidence: [
          ...base.evidence,
          { label: "Health", value: "unhealthy" },
          ...(container.health.lastOutput ? [{ label: "Last check output", value: container.health.lastOutput }] : []),
        ],
        hypotheses: [
          {
            text: "The service inside is stuck or lost a dependency",
            likelihood: "likely",
            evidence: [`failing streak ${container.health.failingStreak}`],
          },
        ],
        actions: startActions(container, "restart").filter((action) => action.kind === "restart"),
      };
    default:
      return null;
  }
}

/** Docker's own causes: the daemon, then each watched container that is not running well. */
export function diagnoseContainers(observation: Observation, now: Date): Cause[] {
  if (!observation.docker.reachable) {
    return [
      {
        kind: "docker-unreachable",
        subject: "docker",
        title: "Cascade cannot reach the Docker Engine, so the containers' state is unknown.",
        detail: observation.docker.error ?? "Docker did not answer.",
        since: null,
        sinceText: null,
        root: true,
        explainedBy: null,
        evidence: [{ label: "Docker", value: observation.docker.error ?? "no answer" }],
        hypotheses: [
          {
            text: "dockerd is not running",
            likelihood: /does not exist|refused/.test(observation.docker.error ?? "") ? "likely" : "possible",
            evidence: [observation.docker.error ?? ""],
          },
          {
            text: "Cascade lacks permission on the Docker socket, or docker.socketPath/host is wrong",
            likelihood: /permission/.test(observation.docker.error ?? "") ? "likely" : "possible",
            evidence: [observation.docker.error ?? ""],
          },
        ],
        actions: [{ kind: "advice", label: "Start dockerd, or fix docker.socketPath in cascade.yaml", container: null, policy: null }],
      },
    ];
  }
  return observation.containers
    .map((container) => containerCause(container, observation, now))
    .filter((cause): cause is Cause => cause !== null);
}
