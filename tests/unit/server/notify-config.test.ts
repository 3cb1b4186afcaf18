import { describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config/load";

// `notify:` and `server:` in cascade.yaml: channels from environment variables, defaults, and typos with a line.

const parse = (text: string, env: Record<string, string> = {}) => parseConfig(text, "cascade.yaml", env);

describe("notify config", () => {
  it("reads channels with their URL and secret from the environment, with the documented defaults", () => {
    const config = parse(
      `server:
  publicUrl: https://cascade.example.com
notify:
  channels:
    - name: ops
      type: webhook
      url: \${OPS_URL}
      secret: \${OPS_SECRET}
    - name: am
      type: alertmanager
      url: http://127.0.0.1:9093
`,
      { OPS_URL: "https://hooks.example.com/abc", OPS_SECRET: "0123456789abcdef0123" },
    );
    expect(config.server.publicUrl).toBe("https://cascade.example.com");
    expect(config.notify.minIntervalMs).toBe(60_000);
    expect(config.notify.channels[0]).toEqual({
      name: "ops",
      type: "webhook",
      url: "https://hooks.example.com/abc",
      secret: "0123456789abcdef0123",
      on: ["opened", "changed", "resolved"],
      minStatus: "degraded",
      locale: "en",
    });
    expect(config.notify.channels[1]!.type).toBe("alertmanager");
  });

  it("defaults to no channels and no public URL", () => {
    const config = parse("containers: []\n");
    expect(config.notify).toEqual({ channels: [], minIntervalMs: 60_000 });
    expect(config.server.publicUrl).toBeUndefined();
  });

  it("refuses an unknown type, a twice-listed name, an unknown event and a typo, naming the line", () => {
    const channel = (extra: string) =>
      `notify:\n  channels:\n    - name: ops\n      type: slack\n      url: https://h.example.com/x\n${extra}`;
    expect(() => parse("notify:\n  channels:\n    - name: ops\n      type: pager\n      url: https://h.example.com\n")).toThrow(
      /cascade.yaml:4/,
    );
    expect(() => parse(`${channel("")}    - name: ops\n      type: slack\n      url: https://h.example.com/y\n`)).toThrow(/listed twice/);
    expect(() => parse(channel("      on: [opened, exploded]\n"))).toThrow(/notify.channels\[0\].on\[1\]/);
    expect(() => parse(channel("      minStatuss: down\n"))).toThrow(/cascade.yaml:6: notify.channels\[0\].minStatuss: unknown key/);
    expect(() => parse(channel("      secret: short\n"))).toThrow(/unknown key|secret/);
  });
});
