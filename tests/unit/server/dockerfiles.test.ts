import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** The lines from the runtime marker on, with Dockerfile's build-stage source prefix taken off. */
function runtimeStage(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith("# ---- runtime"));
  return lines.slice(start).map((line) => line.replace("COPY --from=build /src/", "COPY "));
}

describe("Dockerfile and Dockerfile.runtime", () => {
  it("share one runtime stage, so the image the tests build is the image users build", () => {
    const full = runtimeStage(read("Dockerfile"));
    expect(full.length).toBeGreaterThan(10);
    expect(runtimeStage(read("Dockerfile.runtime"))).toEqual(full);
  });

  it("run as a numeric non-root user, keep the store in /data and check health with node alone", () => {
    const stage = runtimeStage(read("Dockerfile.runtime")).join("\n");
    expect(stage).toMatch(/^USER 10001:\d+$/m);
    expect(stage).toContain("CASCADE_DATA_DIR=/data");
    expect(stage).toContain("CASCADE_CONFIG=/etc/cascade/cascade.yaml");
    expect(stage).toMatch(/^HEALTHCHECK .*CMD \["node", "\/app\/bin\/healthcheck\.mjs"\]$/m);
    expect(read("Dockerfile")).toMatch(/^ARG NODE_IMAGE=node:\d+/m);
  });
});
