import "server-only";
import { createHash } from "node:crypto";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { verdictsOf } from "@/lib/messages/board-views";
import { errorFields, getLogger } from "@/server/log/logger";
import { processSingleton } from "@/server/process-singleton";
import { getWatcher } from "@/server/watcher/watcher";
import { getBoardCache } from "./board-cache";

/**
 * A collection either gives a board or fails; a failure is data for the listener, never a throw. `verdicts` hashes
 * what the board judged (statuses, causes), not its times or words: equal hashes mean nothing to tell a viewer.
 */
export type BoardUpdate = { board: Diagnosis; verdicts: string } | { error: unknown };

export const hashVerdicts = (board: Diagnosis) => createHash("sha256").update(verdictsOf(board)).digest("base64url");
export type BoardListener = (update: BoardUpdate) => void;

/**
 * Everyone watching the live board shares the watcher's schedule (server/watcher): a push after each of its
 * collections. Listeners never cause a collection; each board comes from the shared cache.
 */
class BoardBroadcast {
  private readonly listeners = new Set<BoardListener>();
  private stopTimers: (() => void) | null = null;

  subscribe(listener: BoardListener): () => void {
    this.listeners.add(listener);
    this.stopTimers ??= this.startTimers();
    void this.push([listener]); // a new listener gets the current board at once, not at the next tick
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopTimers?.();
        this.stopTimers = null;
      }
    };
  }

  /** Pushes after each of the watcher's collections (every refresh interval, and after Docker events). */
  private startTimers(): () => void {
    return getWatcher().onUpdate(() => void this.push());
  }

  private async push(targets: Iterable<BoardListener> = this.listeners) {
    const update: BoardUpdate = await getBoardCache()
      .get()
      .then(
        (board) => ({ board, verdicts: hashVerdicts(board) }),
        (error: unknown) => ({ error }),
      );
    for (const listener of [...targets]) {
      if (!this.listeners.has(listener)) continue; // left while the board was collected
      try {
        listener(update);
      } catch (error) {
        getLogger().error(errorFields(error), "a board listener failed");
      }
    }
  }
}

/** Calls `listener` with the board now, after Docker events and every refresh interval; returns how to stop. */
export function subscribeToBoard(listener: BoardListener): () => void {
  return processSingleton("board-broadcast", () => new BoardBroadcast()).subscribe(listener);
}
