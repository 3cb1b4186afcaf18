import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EngineerDetails } from "@/components/engineer-details";
import { PAGE_SIZE } from "@/components/filtered-page";
import { FiringAlertsLine } from "@/components/prometheus-rules";
import { type Observation, observationSchema } from "@/lib/contracts/board";
import type { AlertView } from "@/lib/contracts/prometheus-rules";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { renderBoard } from "@/lib/messages";
import { summaryView } from "@/lib/messages/board-views";

// Prometheus's alerts and rules on the page, from the observation recorded off a real Prometheus with a rule file.

const FIXTURE = path.resolve(__dirname, "../../fixtures/observations/rule-evaluation-failing.json");
const recorded = observationSchema.parse(JSON.parse(fs.readFileSync(FIXTURE, "utf8")));
const now = new Date(Date.parse(recorded.generatedAt) + 60_000);
const boardOf = (observation: Observation, locale: "en" | "de" = "en") => summaryView(renderBoard(diagnoseBoard(observation, now), locale));
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe("Prometheus's alerts and rules on the page", () => {
  it("the engineer view lists the firing and pending alerts, firing first, and every rule group with its health", () => {
    const html = renderToStaticMarkup(createElement(EngineerDetails, { board: boardOf(recorded), now }));
    expect(html).toContain("Prometheus&#x27;s alerts and rules");
    const states = [...html.matchAll(/data-testid="alert-row".*?>(firing|pending)</g)].map((match) => match[1]);
    expect(states).toEqual(["firing", "firing", "pending"]);
    expect(html).toContain("job=&quot;orders-api&quot;");
    const groups = [...html.matchAll(/data-testid="rule-group-row" data-health="(\w+)"/g)].map((match) => match[1]);
    expect(groups).toEqual(["ok", "err", "ok"]);
    expect(html).toContain("many-to-one matching must be explicit");
  });

  it("the executive line counts the firing alerts, in English and German", () => {
    const rules = recorded.prometheus!.rules;
    expect(renderToStaticMarkup(createElement(FiringAlertsLine, { rules, locale: "en" }))).toContain("2 alerts firing in Prometheus.");
    expect(renderToStaticMarkup(createElement(FiringAlertsLine, { rules, locale: "de" }))).toContain("2 Alarme in Prometheus aktiv.");
    const unavailable = { ...rules!, alerts: [], alertsError: "alerts not available: http://p/api/v1/alerts answered HTTP 404" };
    expect(renderToStaticMarkup(createElement(FiringAlertsLine, { rules: unavailable, locale: "en" }))).toContain(
      "Prometheus&#x27;s alerts cannot be read: alerts not available",
    );
    expect(renderToStaticMarkup(createElement(FiringAlertsLine, { rules: undefined, locale: "en" }))).toBe("");
  });

  it("a thousand alerts render one page with a filter box", () => {
    const observation = structuredClone(recorded);
    const alerts: AlertView[] = Array.from({ length: 1_000 }, (_, index) => ({
      name: "InstanceDown",
      labels: { alertname: "InstanceDown", instance: `host-${index}:9100`, job: "fleet" },
      state: index % 2 === 0 ? "firing" : "pending",
      activeAt: recorded.generatedAt,
      value: "0e+00",
      summary: null,
    }));
    observation.prometheus!.rules!.alerts = alerts;
    const html = renderToStaticMarkup(createElement(EngineerDetails, { board: boardOf(observation), now }));
    expect(count(html, /data-testid="alert-row"/g)).toBe(PAGE_SIZE);
    expect(html).toContain('aria-label="Filter alerts"');
    expect(html).toContain(`1–${PAGE_SIZE} of 1000`);
  });
});
