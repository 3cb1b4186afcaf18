import "server-only";
import type { ChannelConfig, NotifyConfig } from "@/server/config/notify-schema";

// A channel's URL is its password (a Slack, Teams or Discord webhook URL lets anyone post), and its `secret` signs
// our messages: neither is shown anywhere (API, page, logs, snapshots). What is shown of a URL: its scheme and host.

const MIN_CHARS = 6;

/** The values that must never leave the process: each channel's URL, its path and query, and its secret. */
export function channelSecrets(notify: Pick<NotifyConfig, "channels">): string[] {
  return notify.channels
    .flatMap((channel) => {
      const values = [channel.url, "secret" in channel ? (channel.secret ?? "") : ""];
      try {
        const url = new URL(channel.url);
        values.push(`${url.pathname}${url.search}`, url.pathname, url.search.slice(1), url.username, url.password);
      } catch {
        // The schema only lets valid URLs in.
      }
      return values;
    })
    .filter((value) => value.length >= MIN_CHARS && value !== "/");
}

/** `https://hooks.slack.com/…`: enough to tell channels apart, nothing to post with. */
export function redactedUrl(channel: Pick<ChannelConfig, "url">): string {
  try {
    return `${new URL(channel.url).origin}/…`;
  } catch {
    return "[redacted]";
  }
}

/** Replaces every channel secret in a text (an error message, a receiver's answer) by [redacted]. */
export function redactChannelText(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join("[redacted]");
  return result;
}
