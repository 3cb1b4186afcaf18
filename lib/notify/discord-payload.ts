import { clip, colorOf, messageText } from "./message-text";
import type { NotifyMessage } from "./types";

// A Discord webhook message: `content` plus one embed (https://discord.com/developers/docs/resources/webhook).
// Discord's limits: content 2,000 characters, an embed's title 256, description 4,096, at most 25 fields with a
// name of 256 and a value of 1,024. Mentions are switched off: a cause's text can never ping @everyone.

const COLOR = { down: 0xd92d20, degraded: 0xf79009, resolved: 0x12b76a, test: 0x667085 } as const;

export function discordPayload(message: NotifyMessage, now: Date) {
  const words = messageText(message, now);
  const embed: Record<string, unknown> = {
    title: clip(words.headline, 256),
    color: COLOR[colorOf(message)],
    timestamp: now.toISOString(),
  };
  if (words.url) embed.url = words.url;
  if (message.event !== "test") {
    const fields = [
      { name: words.statusLabel, value: clip(words.status, 1024), inline: true },
      { name: words.impactLabel, value: clip(`${words.impactStartedAt}\n${words.detected}`, 1024), inline: true },
    ];
    if (words.dashboards.length > 0)
      fields.push({ name: words.dashboardsLabel, value: clip(words.dashboards.join("\n"), 1024), inline: false });
    embed.fields = fields;
    if (words.causes.length > 0) {
      embed.description = clip(`**${words.causesLabel}**\n${words.causes.map((cause) => `• ${cause}`).join("\n")}`, 4096);
    }
  }
  const content = words.url ? `${words.headline}\n${words.linkLabel}: <${words.url}>` : words.headline;
  return { content: clip(content, 2000), embeds: [embed], allowed_mentions: { parse: [] as string[] } };
}
