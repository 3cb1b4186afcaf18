import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import { causeKindSchema } from "@/lib/contracts/diagnosis";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { CATALOGUES, de, en, pickLocale, renderBoard } from "@/lib/messages";

const DIR = path.resolve(__dirname, "../../fixtures/observations");
const load = (name: string): Observation => observationSchema.parse(JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), "utf8")));
const scenarios = fs
  .readdirSync(DIR)
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.replace(/\.json$/, ""));

/** Every key path of a catalogue: "time.units.second", "causes.target-down.title", "messages.action.start" ... */
function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("the catalogues", () => {
  it("have the same keys in every locale, and a title, detail and phrase for every cause kind", () => {
    const english = keysOf(en).sort();
    for (const [locale, catalogue] of Object.entries(CATALOGUES)) {
      const keys = keysOf(catalogue).sort();
      expect(
        english.filter((key) => !keys.includes(key)),
        `missing in ${locale}`,
      ).toEqual([]);
      expect(
        keys.filter((key) => !english.includes(key)),
        `only in ${locale}`,
      ).toEqual([]);
    }
    for (const kind of causeKindSchema.options) expect(Object.keys(de.causes[kind]).sort()).toEqual(["detail", "phrase", "title"]);
  });

  it("write every sentence of every recorded board in both locales, German differing from English", () => {
    for (const scenario of scenarios) {
      const observation = load(scenario);
      const diagnosis = diagnoseBoard(observation, new Date(Date.parse(observation.generatedAt)));
      const english = renderBoard(diagnosis, "en");
      const german = renderBoard(diagnosis, "de");
      const sentences = (board: typeof english) => [
        board.summary.headline,
        ...board.summary.impact,
        ...board.summary.causes.flatMap((cause) => [
          cause.title,
          cause.detail,
          ...cause.evidence.map((evidence) => evidence.label),
          ...cause.hypotheses.map((hypothesis) => hypothesis.text),
          ...cause.actions.map((action) => action.label),
        ]),
      ];
      for (const sentence of [...sentences(english), ...sentences(german)])
        expect(sentence, scenario).not.toMatch(/^(hypothesis|fact|label|action|headline|impact|reason)\./);
      expect(german.summary.headline, scenario).not.toBe(english.summary.headline);
      expect(german.summary.causes.map((cause) => cause.params)).toEqual(english.summary.causes.map((cause) => cause.params));
    }
  });
});

describe("the incident in both languages", () => {
  const incident = load("incident");
  const finishedAt = incident.containers.find((container) => container.name === "auren-prometheus")!.finishedAt!;
  const diagnosis = diagnoseBoard(incident, new Date(Date.parse(finishedAt) + 9_000));

  it("says when the container exited after a comma", () => {
    expect(renderBoard(diagnosis, "en").summary.causes[0]!.title).toBe(
      "The Prometheus container (auren-prometheus) exited with code 0, 9 seconds ago.",
    );
  });

  it("writes the German headline", () => {
    expect(renderBoard(diagnosis, "de").summary.headline).toBe(
      "Alle 6 Dashboards sind ausgefallen: der Prometheus-Container wurde vor 9 Sekunden gestoppt und der Metrik-Endpunkt von biometric API scheitert.",
    );
  });
});

describe("pickLocale", () => {
  it.each([
    [undefined, undefined, "en"],
    ["de", "en-US,en;q=0.9", "de"],
    ["fr", "de-DE,de;q=0.9,en;q=0.8", "de"],
    [null, "fr-FR,fr;q=0.9,en;q=0.5,de;q=0.7", "de"],
    [null, "de;q=0,en", "en"],
    ["DE", null, "de"],
    [null, "*", "en"],
  ] as const)("lang=%s, Accept-Language=%s -> %s", (lang, accept, locale) => {
    expect(pickLocale(lang, accept)).toBe(locale);
  });
});

describe("cascade check's language", () => {
  it.each([
    [["--lang", "de"], { LANG: "en_US.UTF-8" }, "de"],
    [["--lang=de"], {}, "de"],
    [[], { LANG: "de_DE.UTF-8" }, "de"],
    [[], { LANG: "de_AT.UTF-8", LC_ALL: "en_GB.UTF-8" }, "en"],
    [[], { LANG: "C.UTF-8" }, "en"],
    // A language without a catalogue falls back to LANG, then English.
    [["--lang", "xx"], { LANG: "de_DE.UTF-8" }, "de"],
    [[], {}, "en"],
  ] as const)("%o with %o -> %s", async (argv, env, locale) => {
    const { checkLocale } = await import("@/server/cli/check");
    expect(checkLocale([...argv], env)).toBe(locale);
  });
});
