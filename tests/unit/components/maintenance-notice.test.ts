import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MaintenanceNotice } from "@/components/maintenance-notice";
import type { MaintenanceList } from "@/lib/maintenance/contract";

// The board page's line about a running maintenance window (rendered by React on the server, as the first paint is).

function render(list: MaintenanceList | undefined) {
  const client = new QueryClient();
  if (list) client.setQueryData(["maintenance", "en"], list);
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, createElement(MaintenanceNotice, { locale: "en" })));
}

describe("the maintenance notice", () => {
  it("shows the notice of a running window", () => {
    const notice =
      "Maintenance until 2030-01-01T12:00:00Z for the whole stack: database upgrade. Incidents are recorded, nobody is notified.";
    const html = render({ windows: [], notice });
    expect(html).toContain('data-testid="maintenance-notice"');
    expect(html).toContain("database upgrade");
  });

  it("shows nothing without a running window", () => {
    expect(render({ windows: [], notice: null })).toBe("");
    expect(render(undefined)).toBe("");
  });
});
