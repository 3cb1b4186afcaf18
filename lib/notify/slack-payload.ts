import { clip, messageText } from "./message-text";
import type { NotifyMessage } from "./types";

// A Slack incoming-webhook message: `text` (the notification's fallback) plus Block Kit `blocks`
// (https://api.slack.com/reference/block-kit/blocks). Slack's limits: a header's text at most 150 characters, a
// section's text 3,000, at most 10 fields of 2,000 each.

/** Slack's mrkdwn treats &, < and > as markup. */
const escapeMrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackPayload(message: NotifyMessage, now: Date) {
  const words = messageText(message, now);
  const plain = (text: string, max: number) => ({ type: "plain_text", text: clip(text, max), emoji: false });
  const mrkdwn = (text: string, max: number) => ({ type: "mrkdwn", text: clip(text, max) });
  const blocks: Record<string, unknown>[] = [{ type: "header", text: plain(words.headline, 150) }];
  if (message.event !== "test") {
    blocks.push({
      type: "section",
      fields: [
        mrkdwn(`*${escapeMrkdwn(words.statusLabel)}*\n${escapeMrkdwn(words.status)}`, 2000),
        mrkdwn(`*${escapeMrkdwn(words.impactLabel)}*\n${escapeMrkdwn(words.impactStartedAt)}\n${escapeMrkdwn(words.detected)}`, 2000),
      ],
    });
    if (words.causes.length > 0) {
      const list = words.causes.map((cause) => `• ${escapeMrkdwn(cause)}`).join("\n");
      blocks.push({ type: "section", text: mrkdwn(`*${escapeMrkdwn(words.causesLabel)}*\n${list}`, 3000) });
    }
    if (words.dashboards.length > 0) {
      const list = words.dashboards.map((title) => `• ${escapeMrkdwn(title)}`).join("\n");
      blocks.push({ type: "section", text: mrkdwn(`*${escapeMrkdwn(words.dashboardsLabel)}*\n${list}`, 3000) });
    }
  }
  if (words.url) {
    blocks.push({ type: "actions", elements: [{ type: "button", text: plain(words.linkLabel, 75), url: words.url }] });
  }
  return { text: clip(escapeMrkdwn(words.headline), 3000), blocks };
}
