import "server-only";
import type { CascadeWarning } from "@/lib/contracts/notify";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { errorFields, getLogger } from "@/server/log/logger";
import { failingChannels } from "./deliveries";

/**
 * Warnings about Cascade itself for the board (`cascade.warnings[]`): a notification channel that keeps failing.
 * They never change the stack's status or open an incident; a store that cannot answer gives no warning, not an error.
 */
export async function cascadeWarnings(locale: Locale, now = new Date()): Promise<CascadeWarning[]> {
  try {
    const { text } = makeRenderer(locale, now);
    return (await failingChannels(now)).map((failing) => ({
      kind: "notify-channel-failing" as const,
      channel: failing.channel,
      failures: failing.failures,
      at: failing.at,
      text: text({
        key: "notify.warning.channel-failing",
        params: { channel: failing.channel, failures: failing.failures, answer: failing.answer ?? "" },
      }),
    }));
  } catch (error) {
    getLogger().warn(errorFields(error), "the notification warnings could not be read");
    return [];
  }
}
