import "server-only";
import type Docker from "dockerode";
import type { TimelineEvent } from "@/lib/contracts/board";
import { LOCAL_ENGINE, refOf } from "@/lib/engines/container-key";
import { processSingleton } from "@/server/process-singleton";

// A live feed of the watched containers' Docker events, kept as the stack's recent timeline, so the board hears of
// a `die` within a second instead of at the next poll. One subscription per engine and process, reconnecting with
// backoff; the hub (getDockerEventFeed) merges them. An event's subject is the container's ref (`name` on the `local`
// engine, `engine/name` elsewhere), as the board's causes name it.

const WATCHED_ACTIONS = new Set(["die", "oom", "start", "stop", "kill", "restart", "pause", "unpause", "create", "destroy"]);
const TIMELINE_LIMIT = 200;
const HISTORY_SECONDS = 3_600;

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  time?: number;
  timeNano?: number;
  Actor?: { Attributes?: Record<string, string> };
}

/** Pure: one Docker event as a timeline entry, or null for actions the board does not show (exec_*, attach, ...). */
export function toTimelineEvent(raw: RawEvent): TimelineEvent | null {
  const action = raw.Action ?? raw.status ?? "";
  const attributes = raw.Actor?.Attributes ?? {};
  const name = attributes.name;
  if (!name) return null;
  const healthStatus = action.startsWith("health_status") ? (action.split(":")[1]?.trim() ?? "unknown") : null;
  if (!healthStatus && !WATCHED_ACTIONS.has(action)) return null;
  const seconds = raw.timeNano ? raw.timeNano / 1e9 : (raw.time ?? 0);
  const exitCode = attributes.exitCode === undefined ? null : Number(attributes.exitCode);
  const signal = attributes.signal ? ` (signal ${attributes.signal})` : "";
  const text = healthStatus
    ? `health check: ${healthStatus}`
    : action === "die"
      ? `exited with code ${exitCode ?? "?"}`
      : action === "oom"
        ? "killed by the kernel: out of memory"
        : `${action}${signal}`;
  return { time: new Date(seconds * 1000).toISOString(), subject: name, kind: healthStatus ? "health_status" : action, text, exitCode };
}

type Listener = (event: TimelineEvent) => void;

/** A time as the Engine API's `since`/`until` take it with sub-second precision: "seconds.nanoseconds". */
export const dockerTimestamp = (ms: number) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}000000`;

class DockerEventFeed {
  constructor(
    private readonly engine: string,
    private readonly notifyAll: Listener,
  ) {}

  private events: TimelineEvent[] = [];
  private names = new Set<string>();
  private docker: Docker | null = null;
  private stream: NodeJS.ReadableStream | null = null;
  private retryMs = 500;
  private connected = false;

  private history: Promise<void> = Promise.resolve();

  /**
   * Starts (or re-targets) the subscription; cheap to call on every collection. The promise resolves once the last
   * hour's events are in the timeline, so even the first collection (and `cascade check`) sees them.
   */
  ensure(docker: Docker, names: string[]): Promise<void> {
    const sameTargets = this.docker === docker && names.length === this.names.size && names.every((name) => this.names.has(name));
    if (sameTargets && (this.stream || this.connecting)) return this.history;
    this.docker = docker;
    this.names = new Set(names);
    this.stream?.removeAllListeners();
    (this.stream as unknown as { destroy?: () => void } | null)?.destroy?.();
    this.stream = null;
    if (names.length === 0) return Promise.resolve();
    // To the millisecond ("seconds.nanoseconds", as the Engine API takes it): an event of the second before this call
    // belongs to the history, not to the live stream, whose events mark containers to inspect again.
    const until = dockerTimestamp(Date.now());
    this.history = this.loadHistory(docker, until).catch(() => undefined);
    this.connecting = true;
    void this.history.then(() => this.connect(until));
    return this.history;
  }

  private connecting = false;

  private filters() {
    return JSON.stringify({ type: ["container"], container: [...this.names] });
  }

  /** A finite read of past events (since..until): Docker ends the stream at `until`. */
  private async loadHistory(docker: Docker, until: string): Promise<void> {
    const stream = (await docker.getEvents({
      since: Math.floor(Number(until)) - HISTORY_SECONDS,
      until,
      filters: this.filters(),
    } as unknown as Docker.GetEventsOptions)) as NodeJS.ReadableStream;
    let buffered = "";
    for await (const chunk of stream as AsyncIterable<Buffer>) buffered += chunk.toString("utf8");
    for (const line of buffered.split("\n")) this.ingest(line, false);
  }

  private ingest(line: string, notify: boolean) {
    if (!line.trim()) return;
    try {
      const event = toTimelineEvent(JSON.parse(line) as RawEvent);
      if (event) this.record(event, notify);
    } catch {
      // A torn line is dropped; the next poll still sees the state.
    }
  }

  get isConnected() {
    return this.connected;
  }

  timeline(): TimelineEvent[] {
    return [...this.events].reverse();
  }

  private record(raw: TimelineEvent, notify: boolean) {
    if (!this.names.has(raw.subject)) return;
    const event = { ...raw, subject: refOf(this.engine, raw.subject) };
    const duplicate = this.events.some(
      (known) => known.time === event.time && known.subject === event.subject && known.kind === event.kind,
    );
    if (duplicate) return;
    this.events.push(event);
    this.events.sort((a, b) => a.time.localeCompare(b.time));
    if (this.events.length > TIMELINE_LIMIT) this.events.splice(0, this.events.length - TIMELINE_LIMIT);
    if (notify) this.notifyAll(event);
  }

  private async connect(since: number | string) {
    const docker = this.docker;
    if (!docker) return;
    try {
      const stream = (await docker.getEvents({
        since,
        filters: this.filters(),
      } as unknown as Docker.GetEventsOptions)) as NodeJS.ReadableStream;
      if (docker !== this.docker) return void (stream as unknown as { destroy?: () => void }).destroy?.();
      this.stream = stream;
      this.connecting = false;
      this.connected = true;
      this.retryMs = 500;
      let buffered = "";
      stream.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) this.ingest(line, true);
      });
      const reconnect = () => {
        if (this.stream !== stream) return;
        this.connected = false;
        this.stream = null;
        this.connecting = true;
        const resumeFrom = Math.floor(Date.now() / 1000) - 1;
        setTimeout(() => void this.connect(resumeFrom), this.retryMs).unref();
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      };
      stream.on("error", reconnect);
      stream.on("end", reconnect);
    } catch {
      this.connected = false;
      setTimeout(() => void this.connect(since), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, 30_000);
    }
  }
}

export type { DockerEventFeed };

/** Every engine's feed; listeners hear the events of all of them. */
class DockerEventHub {
  private feeds = new Map<string, DockerEventFeed>();
  private listeners = new Set<Listener>();

  /** The feed of one engine (created on first use). */
  feed(engine: string): DockerEventFeed {
    let feed = this.feeds.get(engine);
    if (!feed) {
      feed = new DockerEventFeed(engine, (event) => {
        for (const listener of this.listeners) listener(event);
      });
      this.feeds.set(engine, feed);
    }
    return feed;
  }

  /** Starts (or re-targets) one engine's subscription; see DockerEventFeed.ensure. */
  ensure(docker: Docker, names: string[], engine: string = LOCAL_ENGINE): Promise<void> {
    return this.feed(engine).ensure(docker, names);
  }

  get isConnected() {
    return this.feeds.size > 0 && [...this.feeds.values()].every((feed) => feed.isConnected);
  }

  /** All engines' recent events, newest first. */
  timeline(): TimelineEvent[] {
    return [...this.feeds.values()].flatMap((feed) => feed.timeline()).sort((a, b) => b.time.localeCompare(a.time));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function getDockerEventFeed(): DockerEventHub {
  return processSingleton("docker-event-hub", () => new DockerEventHub());
}
