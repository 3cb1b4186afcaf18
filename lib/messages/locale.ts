import { LOCALES, type Locale } from "./types";

// Which catalogue a reader gets: `?lang=` first, then the browser's Accept-Language (by its q weights), else English.

const asLocale = (tag: string | null | undefined): Locale | null => {
  const language = tag?.trim().toLowerCase().split(/[-_.]/)[0];
  return LOCALES.find((locale) => locale === language) ?? null;
};

export function pickLocale(lang?: string | null, acceptLanguage?: string | null): Locale {
  const asked = asLocale(lang);
  if (asked) return asked;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((entry, index) => {
      const [tag, ...options] = entry.split(";");
      const q = options.map((option) => /^\s*q=([\d.]+)\s*$/.exec(option)?.[1]).find(Boolean);
      return { locale: asLocale(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.locale !== null && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.locale ?? "en";
}

/** The locale of a POSIX locale name (LANG=de_DE.UTF-8 -> de), or null when it names no catalogue. */
export function localeOfPosix(value: string | null | undefined): Locale | null {
  return asLocale(value);
}

/** The locale a request asks for: its `?lang=`, then its Accept-Language header. */
export function requestLocale(request: Request): Locale {
  return pickLocale(new URL(request.url).searchParams.get("lang"), request.headers.get("accept-language"));
}
