import fs from "node:fs";
import path from "node:path";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActionFeedbackProvider, ActionResults } from "@/components/action-feedback";
import { EngineerDetails } from "@/components/engineer-details";
import { actionRequest } from "@/components/hooks/use-board-action";
import { ServiceActions } from "@/components/service-actions";
import { observationSchema } from "@/lib/contracts/board";
import type { SessionInfo } from "@/lib/contracts/operations";
import { diagnoseBoard } from "@/lib/diagnosis/diagnose-board";
import { type Locale, renderBoard } from "@/lib/messages";

// The engineer view of the Swarm recorded in tests/fixtures/observations/swarm-services-failing.json: each service with
// its engine, mode, running/desired and failing tasks; Restart and Scale for operators only, none in snapshots.

const observation = observationSchema.parse(
  JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../fixtures/observations/swarm-services-failing.json"), "utf8")),
);
const now = new Date(observation.generatedAt);

function session(role: SessionInfo["role"]): SessionInfo {
  return { signedIn: role !== null, name: role ? "otto" : null, role, publicRead: true, generatedToken: false, expiresAt: null };
}

/** The live board's services: the buttons and their results inside one ActionFeedbackProvider, the session known. */
function liveHtml(role: SessionInfo["role"], locale: Locale = "en") {
  const queryClient = new QueryClient();
  queryClient.setQueryData(["session"], session(role));
  const board = renderBoard(diagnoseBoard(observation, now), locale);
  const details = createElement(EngineerDetails, {
    board,
    now,
    locale,
    renderServiceActions: (service) => createElement(ServiceActions, { service }),
    serviceResults: createElement(ActionResults),
  });
  const props = { locale, showResults: false } as ComponentProps<typeof ActionFeedbackProvider>;
  const feedback = createElement(ActionFeedbackProvider, props, details);
  const client = { client: queryClient } as ComponentProps<typeof QueryClientProvider>;
  return renderToStaticMarkup(createElement(QueryClientProvider, client, feedback));
}

const card = (html: string, name: string) => {
  const start = html.indexOf(`data-testid="service-${name}"`);
  return html.slice(start, html.indexOf("</li>", html.indexOf("data-action", start)) + 5);
};

describe("the Swarm services in the engineer view", () => {
  it("shows each service's engine, mode, running/desired and its failing tasks with Docker's error, no buttons in a snapshot", () => {
    const html = renderToStaticMarkup(createElement(EngineerDetails, { board: renderBoard(diagnoseBoard(observation, now)), now }));
    const start = html.indexOf('data-testid="service-cascade-web"');
    const web = html.slice(start, html.indexOf('data-testid="service-', start + 10));
    expect(web).toContain('data-desired="2"');
    expect(web).toContain('data-running="1"');
    expect(web).toContain("1/2 running");
    expect(web).toContain("replicated");
    expect(web).toContain(">local<");
    expect(web).toMatch(/Failing tasks \(\d+\)/);
    expect(web).toContain("task: non-zero exit (1)");
    expect(html).toContain("Swarm services");
    expect(html).not.toContain("<button");
  });

  it("gives an operator Restart and Scale (replicated services) and a viewer none", () => {
    const operator = liveHtml("operator");
    const web = card(operator, "cascade-web");
    expect(web).toContain('data-action="restart-service" data-service="cascade-web"');
    expect(web).toContain('data-action="scale-service" data-service="cascade-web"');
    expect(web).toMatch(/<input[^>]*type="number"[^>]*value="2"/);
    expect(web).toContain('aria-label="Replicas of cascade-web"');
    expect(web).toContain(">Restart<");
    for (const role of ["viewer", null] as const) expect(liveHtml(role)).not.toContain("<button");
  });

  it("writes the page's words in German", () => {
    const html = liveHtml("operator", "de");
    expect(html).toContain("Swarm-Dienste");
    expect(html).toContain("1/2 laufen");
    expect(html).toContain(">Neu starten<");
    expect(html).toContain(">Skalieren<");
    expect(html).toMatch(/Fehlschlagende Tasks \(\d+\)/);
  });
});

describe("the routes the buttons call", () => {
  it("sends a service's restart and scale to /api/services and a container's fixes to /api/containers", () => {
    expect(actionRequest({ kind: "restart-service", service: "cascade-web", container: null, policy: null })).toEqual({
      url: "/api/services/cascade-web/restart",
    });
    expect(actionRequest({ kind: "scale-service", service: "cascade-web", replicas: 1 })).toEqual({
      url: "/api/services/cascade-web/scale",
      body: { replicas: 1 },
    });
    expect(actionRequest({ kind: "restart", container: "edge/api", policy: null })).toEqual({ url: "/api/containers/edge%2Fapi/restart" });
    expect(actionRequest({ kind: "set-restart-policy", container: "auren-api", policy: "unless-stopped" })).toEqual({
      url: "/api/containers/auren-api/restart-policy",
      body: { name: "unless-stopped" },
    });
    expect(() => actionRequest({ kind: "restart-service", container: null, policy: null })).toThrow(/names no service/);
    expect(() => actionRequest({ kind: "advice", container: null, policy: null })).toThrow(/advice/);
  });
});
