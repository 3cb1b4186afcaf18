// Shared by the server page (which fills the cache before the first paint) and the browser's hooks: no "use client"
// here, or the server would import a client reference instead of the value.

export const BOARD_QUERY_KEY = ["board"] as const;

/** The board's two views: the five-second answer, or everything an engineer needs (?view=engineer). */
export type BoardView = "executive" | "engineer";
