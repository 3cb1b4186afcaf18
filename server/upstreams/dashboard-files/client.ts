import "server-only";
import fs from "node:fs/promises";
import path from "node:path";

// Provisioned dashboards: the JSON files Grafana would load from its provisioning folder (recursively).

export interface DashboardFile {
  file: string;
  /** The parsed JSON, or null with `error` when the file is not JSON. */
  json: unknown | null;
  error: string | null;
}

const MAX_FILE_BYTES = 20 * 1024 * 1024;

async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listJsonFiles(full);
      return entry.isFile() && entry.name.endsWith(".json") ? [full] : [];
    }),
  );
  return nested.flat().sort();
}

/** Throws only when the folder itself cannot be read; a bad file is reported with its error. */
export async function readDashboardFiles(dir: string): Promise<DashboardFile[]> {
  const files = await listJsonFiles(dir);
  return Promise.all(
    files.map(async (file) => {
      try {
        const stat = await fs.stat(file);
        if (stat.size > MAX_FILE_BYTES) return { file, json: null, error: `larger than ${MAX_FILE_BYTES} bytes` };
        return { file, json: JSON.parse(await fs.readFile(file, "utf8")) as unknown, error: null };
      } catch (error) {
        return { file, json: null, error: error instanceof SyntaxError ? `not valid JSON: ${error.message}` : (error as Error).message };
      }
    }),
  );
}
