import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "@/server/config/load";
import { loadSettings } from "@/server/config/settings";

// The one loader the CLI, the start-up checks and the server share: flags, then the environment, then defaults.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-settings-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, "cascade.yaml");
fs.writeFileSync(file, "containers:\n  - name: auren-api\n");

describe("loadSettings", () => {
  it("reads --config before CASCADE_CONFIG, and the data directory and DATABASE_URL from the environment", () => {
    const settings = loadSettings(["--config", file], {
      CASCADE_CONFIG: "/nowhere/cascade.yaml",
      CASCADE_DATA_DIR: path.join(dir, "data"),
      DATABASE_URL: "  postgres://db.internal/cascade  ",
    });
    expect(settings).toMatchObject({ configPath: file, dataDir: path.join(dir, "data"), databaseUrl: "postgres://db.internal/cascade" });
    expect(settings.config.containers.map((container) => container.name)).toEqual(["auren-api"]);
  });

  it("uses CASCADE_CONFIG without a flag; no DATABASE_URL means SQLite (null)", () => {
    const settings = loadSettings([], { CASCADE_CONFIG: file, DATABASE_URL: " " });
    expect(settings.configPath).toBe(file);
    expect(settings.databaseUrl).toBeNull();
    expect(settings.dataDir).toBe(path.resolve(".cascade"));
  });

  it("throws ConfigError naming the file when it is missing", () => {
    expect(() => loadSettings(["--config", path.join(dir, "missing.yaml")], {})).toThrow(ConfigError);
    expect(() => loadSettings(["--config", path.join(dir, "missing.yaml")], {})).toThrow(/missing\.yaml: file not found/);
  });
});
