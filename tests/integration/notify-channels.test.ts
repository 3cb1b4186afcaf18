import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryListSchema, notifyTestResultSchema } from "@/lib/contracts/notify";
import { type RunningBoard, startBoard } from "../support/board-server";
import { demo, docker } from "../support/demo-stack";
import { needsDemoStack } from "../support/needs-demo-stack";
import { type Receiver, startReceiver } from "../support/notify-receivers";
import { shortIntervalConfig, waitFor } from "../support/watch-config";

needsDemoStack();

// Notifications on the real demo stack: five watched containers stopped at once are one incident and one `opened`
// per channel (webhook, Slack, Teams, Discord), starting them one `resolved`; a SIGKILL of the board during the
// incident sends nothing twice; a receiver answering 500 three times then 200 accepts the message once (backoff
// shortened by CASCADE_NOTIFY_BACKOFF_MS); a receiver that never answers delays neither the board nor the others.

const NAMES = [1, 2, 3, 4, 5].map((n) => `cascade-notify-${n}`);
const ADMIN = "notify-admin-token-0123456789abcdef";
const SECRET = "notify-signing-secret-0123456789";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-notify-data-"));
let board: RunningBoard;
const receivers = {} as Record<"hook" | "slack" | "teams" | "discord" | "hung", Receiver>;

function writeConfig(): string {
  const file = shortIntervalConfig(1_000);
  const text = fs
    .readFileSync(file, "utf8")
    .replace("  - name: auren-api\n", `  - name: auren-api\n${NAMES.map((name) => `  - name: ${name}\n`).join("")}`);
  const channel = (name: string, type: string, url: string, extra = "") =>
    `    - name: ${name}\n      type: ${type}\n      url: ${url}\n${extra}`;
  fs.writeFileSync(
    file,
    `${text}
auth:
  publicRead: true
  tokens:
    - name: ada
      role: admin
      token: ${ADMIN}
server:
  publicUrl: https://cascade.example.com
notify:
  channels:
${channel("hook", "webhook", receivers.hook.url, `      secret: \${NOTIFY_TEST_SECRET}\n`)}${channel("slack", "slack", receivers.slack.url)}${channel(
  "teams",
  "teams",
  receivers.teams.url,
)}${channel("discord", "discord", receivers.discord.url)}${channel("hung", "webhook", receivers.hung.url)}`,
  );
  return file;
}

const start = (config: string) =>
  startBoard(config, { CASCADE_DATA_DIR: dataDir, CASCADE_NOTIFY_BACKOFF_MS: "200", NOTIFY_TEST_SECRET: SECRET });
const events = (receiver: Receiver) =>
  receiver.requests.map((request) => (request.body as { event?: string; text?: string } | null)?.event ?? request.method);
const accepted = (receiver: Receiver, count: number) => receiver.requests.length >= count;
const openIncident = async () => {
  const body = await (await fetch(`${board.url}/api/incidents?status=open`)).json();
  return body.incidents[0]?.id as string | undefined;
};

let config = "";
beforeAll(async () => {
  receivers.hook = await startReceiver("webhook", { secret: SECRET });
  receivers.slack = await startReceiver("slack");
  receivers.teams = await startReceiver("teams");
  receivers.discord = await startReceiver("discord");
  receivers.hung = await startReceiver("webhook");
  receivers.hung.behave.push(...Array<"hang">(1000).fill("hang"));
  for (const name of NAMES) await docker("rm", "-f", name).catch(() => "");
  for (const name of NAMES) await docker("run", "-d", "--name", name, "cascade-demo-base:latest", "sleep", "3600");
  config = writeConfig();
  board = await start(config);
  await waitFor("a healthy stack without an open incident", 90_000, async () => {
    const health = await fetch(`${board.url}/api/health`);
    return health.status === 200 && (await openIncident()) === undefined ? true : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}, 240_000);

afterAll(async () => {
  await board?.stop();
  for (const name of NAMES) await docker("rm", "-f", name).catch(() => "");
  for (const receiver of Object.values(receivers)) await receiver?.close();
  await demo("heal");
});

describe("notifications on the demo stack", () => {
  let incident = "";

  it("stopping five watched containers at once sends exactly one opened per channel, the hung one delaying none", async () => {
    receivers.hook.behave.push("500", "500", "500");
    await docker("kill", ...NAMES);
    const stoppedAt = Date.now();
    await waitFor("opened on Slack, Teams and Discord", 20_000, async () =>
      [receivers.slack, receivers.teams, receivers.discord].every((receiver) => accepted(receiver, 1)) ? true : undefined,
    );
    // The hung receiver holds its request for 5 s; the others and the board did not wait for it.
    expect(Date.now() - stoppedAt).toBeLessThan(12_000);
    const health = Date.now();
    expect((await fetch(`${board.url}/api/board?view=summary`)).status).toBe(200);
    expect(Date.now() - health).toBeLessThan(2_000);
    await waitFor("the webhook accepting after three 500s", 20_000, async () => (accepted(receivers.hook, 4) ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    incident = (await openIncident())!;
    expect(incident).toBeTruthy();
    for (const receiver of [receivers.slack, receivers.teams, receivers.discord]) {
      expect(receiver.requests.map((request) => request.problems)).toEqual([[]]);
    }
    expect(events(receivers.hook)).toEqual(["opened", "opened", "opened", "opened"]);
    expect(new Set(receivers.hook.requests.map((request) => request.headers["x-cascade-delivery"]))).toEqual(
      new Set([`${incident}.opened.1.hook`]),
    );
    expect(receivers.hook.requests.every((request) => request.problems.length === 0)).toBe(true);
    const body = receivers.hook.requests[3]!.body as { incident: { url: string; rootCauses: { members: string[]; subject: string }[] } };
    expect(body.incident.url).toBe(`https://cascade.example.com/incidents/${incident}`);
    const named = body.incident.rootCauses.flatMap((cause) => [cause.subject, ...cause.members]).join(" ");
    for (const name of NAMES) expect(named).toContain(name);
  }, 60_000);

  it("a board killed and restarted during the incident sends no duplicate", async () => {
    await board.kill();
    board = await start(config);
    await waitFor("the restarted board watching", 60_000, async () =>
      (await fetch(`${board.url}/api/health`)).status === 200 ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(receivers.slack.requests).toHaveLength(1);
    expect(receivers.teams.requests).toHaveLength(1);
    expect(receivers.discord.requests).toHaveLength(1);
    expect(receivers.hook.requests).toHaveLength(4);
  }, 120_000);

  it("starting them sends exactly one resolved per channel; Discord edits its message", async () => {
    await docker("start", ...NAMES);
    await waitFor("resolved everywhere", 30_000, async () =>
      [receivers.slack, receivers.teams, receivers.discord].every((receiver) => accepted(receiver, 2)) && accepted(receivers.hook, 5)
        ? true
        : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(events(receivers.hook)).toEqual(["opened", "opened", "opened", "opened", "resolved"]);
    for (const receiver of [receivers.slack, receivers.teams, receivers.discord]) {
      expect(receiver.requests.map((request) => request.problems)).toEqual([[], []]);
    }
    expect(receivers.discord.requests.map((request) => request.method)).toEqual(["POST", "PATCH"]);
    // The resolved message still names what was down (the group's members from the messages before it).
    const resolved = receivers.hook.requests[4]!.body as {
      incident: { status: string; rootCauses: { subject: string; members: string[] }[] };
    };
    expect(resolved.incident.status).toBe("resolved");
    const named = resolved.incident.rootCauses.flatMap((cause) => [cause.subject, ...cause.members]).join(" ");
    for (const name of NAMES) expect(named).toContain(name);
  }, 60_000);

  it("lists the incident's deliveries for an operator, without a URL or a secret; a test message reaches the channel", async () => {
    const auth = { authorization: `Bearer ${ADMIN}` };
    expect((await fetch(`${board.url}/api/notify/deliveries?incident=${incident}`)).status).toBe(401);
    const read = async () => {
      const text = await (await fetch(`${board.url}/api/notify/deliveries?incident=${incident}`, { headers: auth })).text();
      return { text, list: deliveryListSchema.parse(JSON.parse(text)) };
    };
    // The hung channel needs three 5 s timeouts (an attempt cut by the SIGKILL above is repeated once its claim expires).
    const { text, list } = await waitFor("three attempts at the hung channel", 40_000, async () => {
      const answer = await read();
      const opened = answer.list.deliveries.find((delivery) => delivery.channel === "hung" && delivery.event === "opened");
      return opened && opened.attempts >= 3 ? answer : undefined;
    });
    const sent = list.deliveries
      .filter((delivery) => delivery.status === "sent")
      .map((delivery) => `${delivery.channel}:${delivery.event}`);
    expect(sent.sort()).toEqual([
      "discord:opened",
      "discord:resolved",
      "hook:opened",
      "hook:resolved",
      "slack:opened",
      "slack:resolved",
      "teams:opened",
      "teams:resolved",
    ]);
    // The hung channel's `opened` is still being retried (each attempt a 5 s timeout); its `resolved` waits behind it.
    const hung = list.deliveries.filter((delivery) => delivery.channel === "hung");
    expect(hung.map((delivery) => `${delivery.event}:${delivery.status}`).sort()).toEqual(["opened:pending", "resolved:pending"]);
    const hungOpened = hung.find((delivery) => delivery.event === "opened")!;
    expect(hungOpened.attempts).toBeGreaterThanOrEqual(3);
    expect(hungOpened.answer).toBe("timeout after 5000 ms");
    // ...and the board says so as a warning about Cascade itself, without changing the stack's status.
    const boardBody = await (await fetch(`${board.url}/api/board?view=summary`)).json();
    expect(boardBody.status).toBe("ok");
    expect(boardBody.cascade.warnings).toEqual([expect.objectContaining({ kind: "notify-channel-failing", channel: "hung" })]);
    expect(JSON.stringify(boardBody.cascade)).not.toContain(new URL(receivers.hung.url).pathname);
    for (const receiver of Object.values(receivers)) expect(text).not.toContain(new URL(receiver.url).pathname);
    expect(text).not.toContain(SECRET);
    const test = await fetch(`${board.url}/api/notify/test`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ channel: "slack" }),
    });
    const result = notifyTestResultSchema.parse(await test.json());
    expect(result).toMatchObject({
      channel: "slack",
      ok: true,
      answer: "HTTP 200",
      target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…$/),
    });
    expect(receivers.slack.requests.at(-1)!.problems).toEqual([]);
  }, 60_000);
});
