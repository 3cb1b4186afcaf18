/** The message of whatever a promise rejected with or a `catch` caught: an Error's message, anything else as text. */
export function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
