import { clip, messageText } from "./message-text";
import type { NotifyMessage } from "./types";

// A Slack incoming-webhook message: `text` (the notification's fallback) plus Block Kit `blocks`
// (https://api.slack.com/reference/block-kit/blocks). Slack's limits: a header's text at most 150 characters, a
// section's text 3,000, at most 10 fields of 2,000 each.

/** Slack's mrkdwn treats &, < and > as markup. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackPayload(message: NotifyMessage, now: Date) {
  const words = messageText(message, now);
  const plain = (text: string, max: number) => ({ type: "plain_text", text: clip(text, max), emoji: false });
  const mrkdwn = (text: string, max: number) => ({ type: "mrkdwn", text: clip(text, max) });
  const blocks: Record<string, unknown>[] = [{ type: "header", text: plain(words.headline, 150) }];
  if (message.event !== "test") {
    blocks.push({
      type: "section",
      fields: [
        mrkdwn(`*${escape(words.statusLabel)}*\n${escape(words.status)}`, 2000),
        mrkdwn(`*${escape(words.impactLabel)}*\n${escape(words.impactStartedAt)}\n${escape(words.detected)}`, 2000),
      ],
    });
    if (words.causes.length > 0) {
      const list = words.causes.map((cause) => `• ${escape(cause)}`).join("\n");
      blocks.push({ type: "section", text: mrkdwn(`*${escape(words.causesLabel)}*\n${list}`, 3000) });
    }
    if (words.dashboards.length > 0) {
      const list = words.dashboards.map((title) => `• ${escape(title)}`).join("\n");
      blocks.push({ type: "section", text: mrkdwn(`*${escape(words.dashboardsLabel)}*\n${list}`, 3000) });
    }
  }
  if (words.url) {
    blocks.push({ type: "actions", elements: [{ type: "button", text: plain(words.linkLabel, 75), url: words.url }] });
  }
  return { text: clip(escape(words.headline), 3000), blocks };
}
