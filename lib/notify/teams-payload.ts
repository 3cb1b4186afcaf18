import { clip, colorOf, messageText } from "./message-text";
import type { NotifyMessage } from "./types";

// A Microsoft Teams Workflows webhook message: one Adaptive Card 1.4 in the `attachments` envelope
// (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-reference).

const COLOR = { down: "Attention", degraded: "Warning", resolved: "Good", test: "Default" } as const;

export function teamsPayload(message: NotifyMessage, now: Date) {
  const words = messageText(message, now);
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: clip(words.headline, 500), weight: "Bolder", size: "Medium", wrap: true, color: COLOR[colorOf(message)] },
  ];
  if (message.event !== "test") {
    body.push({
      type: "FactSet",
      facts: [
        { title: words.statusLabel, value: words.status },
        { title: words.impactLabel, value: words.impactStartedAt },
      ],
    });
    body.push({ type: "TextBlock", text: words.detected, wrap: true, isSubtle: true });
    if (words.causes.length > 0) {
      body.push({ type: "TextBlock", text: words.causesLabel, weight: "Bolder", wrap: true });
      body.push({ type: "TextBlock", text: clip(words.causes.map((cause) => `- ${cause}`).join("\n"), 4000), wrap: true });
    }
    if (words.dashboards.length > 0) {
      body.push({ type: "TextBlock", text: words.dashboardsLabel, weight: "Bolder", wrap: true });
      body.push({ type: "TextBlock", text: clip(words.dashboards.map((title) => `- ${title}`).join("\n"), 4000), wrap: true });
    }
  }
  const card: Record<string, unknown> = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
  };
  if (words.url) card.actions = [{ type: "Action.OpenUrl", title: words.linkLabel, url: words.url }];
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }],
  };
}
