// Words at the edge: one catalogue per locale (en.ts, de.ts), the renderer of the board and the choice of locale.
export { de } from "./de";
export { en, type MessageKey } from "./en";
export { localeOfPosix, pickLocale, requestLocale } from "./locale";
export { CATALOGUES, makeRenderer, renderBoard } from "./render-board";
export type { Catalogue, Locale, Message, Params } from "./types";
export { humanize } from "./words";
