import "server-only";
import { statSync } from "node:fs";
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

/**
 * The parsed JSON of each file as last read, by path, with the mtime and size it had: an unchanged file is not read
 * and parsed again, and keeps its identity (so its walk can be reused). Only files of the last listing are kept.
 */
const parsedFiles = new Map<string, { mtimeMs: number; size: number; json: unknown }>();

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
  const listed = new Set(files);
  for (const known of parsedFiles.keys()) if (known.startsWith(dir) && !listed.has(known)) parsedFiles.delete(known);
  return Promise.all(
    files.map(async (file) => {
      try {
        // Synchronous: a local stat is microseconds, and 100 of them through the thread pool cost 8 ms of this thread
        // per collection in promises (profiled on issue 11's busy host).
        const stat = statSync(file);
        if (stat.size > MAX_FILE_BYTES) return { file, json: null, error: `larger than ${MAX_FILE_BYTES} bytes` };
        const known = parsedFiles.get(file);
        if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return { file, json: known.json, error: null };
        const json = JSON.parse(await fs.readFile(file, "utf8")) as unknown;
        parsedFiles.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, json });
        return { file, json, error: null };
      } catch (error) {
        parsedFiles.delete(file);
        return { file, json: null, error: error instanceof SyntaxError ? `not valid JSON: ${error.message}` : (error as Error).message };
      }
    }),
  );
}
