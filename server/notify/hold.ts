import "server-only";

/**
 * Whether announcements of an incident are held now: a maintenance window covers it (server/maintenance). While held,
 * nothing is enqueued and what the channels heard does not advance, so the end of the window announces only what
 * differs from before it.
 */
export { isHeld } from "@/server/maintenance/windows";
