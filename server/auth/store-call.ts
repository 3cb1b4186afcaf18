import "server-only";
import { AppError } from "@/server/errors";

/**
 * Sign-in state (signed-out sessions, failed sign-ins) lives in the store. When the store cannot answer, nobody is
 * let in on a guess: the request is refused with 503 and the store's reason (which never carries a password).
 */
export async function storeCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("store_unavailable", `Sign-in state cannot be checked, so nothing is let in: ${reason}`, 503);
  }
}
