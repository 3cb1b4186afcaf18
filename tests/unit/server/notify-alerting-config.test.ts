import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/config/load";

// The cascade.yaml keys of the Alertmanager channel, the heartbeat and server.publicUrl.

function errorOf(text: string): string {
  try {
    parseConfig(text, "cascade.yaml", { AM_URL: "http://user:secret@127.0.0.1:9093" });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const CHANNELS = `notify:
  channels:
    - { name: oncall, type: alertmanager, url: "\${AM_URL}" }
`;

describe("notify: for Alertmanager and the heartbeat", () => {
  it("reads a channel with its defaults, the stack label, the heartbeat and server.publicUrl", () => {
    const config = parseConfig(
      `${CHANNELS}  stack: auren\n  heartbeat: { alertmanager: oncall, intervalMs: 30000 }\nserver:\n  publicUrl: https://cascade.example.com\n`,
      "cascade.yaml",
      { AM_URL: "http://127.0.0.1:9093" },
    );
    expect(config.notify?.channels).toEqual([
      {
        name: "oncall",
        type: "alertmanager",
        url: "http://127.0.0.1:9093",
        minStatus: "degraded",
        on: ["opened", "changed", "resolved"],
        locale: "en",
      },
    ]);
    expect(config.notify?.stack).toBe("auren");
    expect(config.notify?.heartbeat).toEqual({ alertmanager: "oncall", intervalMs: 30000, method: "GET" });
    expect(config.server?.publicUrl).toBe("https://cascade.example.com");
  });

  it("refuses a heartbeat that names no alertmanager channel, or that has nowhere to go", () => {
    expect(errorOf(`${CHANNELS}  heartbeat: { alertmanager: pager, intervalMs: 1000 }\n`)).toMatch(
      /notify\.heartbeat\.alertmanager: "pager" is not the name of an alertmanager channel/,
    );
    expect(errorOf("notify:\n  heartbeat: { intervalMs: 1000 }\n")).toMatch(/set url, alertmanager, or both/);
  });

  it("refuses two channels of one name, an unknown key, a bad URL and a bad minStatus", () => {
    expect(errorOf(`${CHANNELS}    - { name: oncall, type: alertmanager, url: "http://127.0.0.1:9094" }\n`)).toMatch(
      /"oncall" is listed twice/,
    );
    expect(errorOf(`${CHANNELS}    - { name: b, type: alertmanager, url: "http://x:1", minstatus: down }\n`)).toMatch(/minstatus/);
    expect(errorOf("notify:\n  channels:\n    - { name: c, type: alertmanager, url: ftp://x }\n")).toMatch(/http/);
    expect(errorOf("notify:\n  channels:\n    - { name: c, type: alertmanager, url: http://x, minStatus: bad }\n")).toMatch(/minStatus/);
  });
});
