import "server-only";
import { getSettings } from "@/server/config";
import { errorFields, getLogger } from "@/server/log/logger";
import { processSingleton } from "@/server/process-singleton";
import { getStore } from "@/server/store";
import { AlertmanagerChannelLoop } from "./channel";

/** A round at most this often and at least this rarely (the refresh interval in between): a new incident goes out fast. */
const MIN_ROUND_MS = 1_000;
const MAX_ROUND_MS = 5_000;

/**
 * Starts a loop per `alertmanager` channel. Only the replica holding the watcher lease sends; a round never overlaps
 * the one before (a round still running when the next is due is skipped, not queued), and a round that fails (the
 * store does not answer) is logged and tried again on the next one.
 */
export function startAlertmanagerChannels(isLeader: () => boolean): { stop: () => void } {
  return processSingleton("alertmanager-channels", () => {
    const settings = getSettings();
    const channels = (settings.config.notify?.channels ?? []).filter((channel) => channel.type === "alertmanager");
    const roundMs = Math.min(MAX_ROUND_MS, Math.max(MIN_ROUND_MS, settings.config.timeouts.refreshMs));
    const timers = channels.map((channel) => {
      const loop = new AlertmanagerChannelLoop(channel, getStore(), settings);
      let busy = false;
      const timer = setInterval(async () => {
        if (busy || !isLeader()) return;
        busy = true;
        try {
          await loop.round();
        } catch (error) {
          getLogger().error({ channel: channel.name, ...errorFields(error) }, "the Alertmanager channel could not run its round");
        } finally {
          busy = false;
        }
      }, roundMs);
      timer.unref();
      return timer;
    });
    return { stop: () => timers.forEach(clearInterval) };
  });
}
