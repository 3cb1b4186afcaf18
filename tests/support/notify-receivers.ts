import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

// Local receivers (node http on 127.0.0.1) for the notification tests. Each validates the shape its platform
// documents and records every request; `behave` makes one answer 500, hang, redirect or send 10 MB.

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  raw: string;
  /** Why the body does not have the documented shape; empty when it does. */
  problems: string[];
}

export type Behaviour = "ok" | "500" | "hang" | "301" | "huge";

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** The behaviour of the next answers, in order; when empty, `ok`. */
  behave: Behaviour[];
  close(): Promise<void>;
}

const webhookShape = z.strictObject({
  event: z.enum(["opened", "changed", "acknowledged", "resolved", "test"]),
  incident: z.strictObject({
    id: z.string(),
    url: z.string().nullable(),
    status: z.enum(["open", "resolved"]),
    worstStatus: z.enum(["degraded", "down"]),
    title: z.string().min(1),
    impactStartedAt: z.string(),
    detectedAt: z.string(),
    resolvedAt: z.string().nullable(),
    rootCauses: z.array(z.strictObject({ kind: z.string(), subject: z.string(), title: z.string(), members: z.array(z.string()) })),
    dashboards: z.array(z.object({ uid: z.string(), title: z.string() })),
    timeToDetectMs: z.number(),
  }),
  sentAt: z.string(),
});

// https://api.slack.com/reference/block-kit/blocks
const slackText = (max: number) => z.object({ type: z.enum(["plain_text", "mrkdwn"]), text: z.string().min(1).max(max) });
const slackShape = z.object({
  text: z.string().min(1).max(40_000),
  blocks: z
    .array(
      z.discriminatedUnion("type", [
        z.object({ type: z.literal("header"), text: slackText(150).extend({ type: z.literal("plain_text") }) }),
        z.object({ type: z.literal("section"), text: slackText(3000).optional(), fields: z.array(slackText(2000)).max(10).optional() }),
        z.object({
          type: z.literal("actions"),
          elements: z.array(z.object({ type: z.literal("button"), text: slackText(75), url: z.string().url() })).max(25),
        }),
      ]),
    )
    .max(50),
});

// https://adaptivecards.io/explorer/ and the Teams Workflows webhook envelope
const cardElement = z.object({ type: z.enum(["TextBlock", "FactSet", "Container", "ColumnSet"]) }).passthrough();
const teamsShape = z.object({
  type: z.literal("message"),
  attachments: z
    .array(
      z.object({
        contentType: z.literal("application/vnd.microsoft.card.adaptive"),
        content: z.object({
          $schema: z.literal("http://adaptivecards.io/schemas/adaptive-card.json"),
          type: z.literal("AdaptiveCard"),
          version: z.literal("1.4"),
          body: z.array(cardElement).min(1),
          actions: z.array(z.object({ type: z.literal("Action.OpenUrl"), title: z.string(), url: z.string().url() })).optional(),
        }),
      }),
    )
    .length(1),
});

// https://discord.com/developers/docs/resources/webhook#execute-webhook
const discordShape = z.object({
  content: z.string().max(2000),
  embeds: z
    .array(
      z.object({
        title: z.string().max(256),
        description: z.string().max(4096).optional(),
        url: z.string().url().optional(),
        color: z.number().int().min(0).max(0xffffff),
        timestamp: z.string().optional(),
        fields: z
          .array(z.object({ name: z.string().min(1).max(256), value: z.string().min(1).max(1024), inline: z.boolean() }))
          .max(25)
          .optional(),
      }),
    )
    .max(10),
  allowed_mentions: z.object({ parse: z.array(z.string()) }),
});

export type ReceiverKind = "webhook" | "slack" | "teams" | "discord";
const SHAPES = { webhook: webhookShape, slack: slackShape, teams: teamsShape, discord: discordShape } as const;

export async function startReceiver(kind: ReceiverKind, options: { secret?: string } = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const behave: Behaviour[] = [];
  const sockets = new Set<import("node:net").Socket>();
  let messages = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const problems: string[] = [];
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
        const result = SHAPES[kind].safeParse(body);
        if (!result.success) problems.push(...result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
      } catch {
        problems.push("not JSON");
      }
      if (!request.headers["x-cascade-delivery"]) problems.push("no X-Cascade-Delivery header");
      if (options.secret) {
        const timestamp = String(request.headers["x-cascade-timestamp"] ?? "");
        const expected = `sha256=${crypto.createHmac("sha256", options.secret).update(`${timestamp}.${raw}`).digest("hex")}`;
        if (request.headers["x-cascade-signature"] !== expected) problems.push("bad X-Cascade-Signature");
      }
      const path = request.url ?? "/";
      requests.push({ method: request.method ?? "", path, headers: request.headers, body, raw, problems });
      const behaviour = behave.shift() ?? "ok";
      if (behaviour === "hang") return;
      if (behaviour === "500") return void response.writeHead(500, { "content-type": "text/plain" }).end("receiver broke");
      if (behaviour === "301") return void response.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (behaviour === "huge") {
        response.writeHead(200, { "content-type": "text/plain" });
        const mb = Buffer.alloc(1024 * 1024, "x");
        for (let i = 0; i < 10; i++) response.write(mb);
        return void response.end();
      }
      if (kind === "discord" && request.method === "POST") {
        if (!path.includes("wait=true")) problems.push("the first message is posted without ?wait=true");
        return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `msg-${++messages}` }));
      }
      if (kind === "discord" && request.method === "PATCH") {
        const known = /\/messages\/msg-(\d+)$/.exec(path.split("?")[0]!);
        if (!known || Number(known[1]) > messages) return void response.writeHead(404).end("{}");
        return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `msg-${known[1]}` }));
      }
      if (kind === "teams") return void response.writeHead(202).end();
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base =
    kind === "discord" ? "/api/webhooks/123/secret-token-of-discord" : kind === "slack" ? "/services/T000/B000/slacksecret" : "/hook";
  return {
    url: `http://127.0.0.1:${port}${base}`,
    requests,
    behave,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
