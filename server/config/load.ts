import fs from "node:fs";
import path from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { type CascadeConfig, configSchema } from "./schema";

// Pure of Next.js and of `server-only`, so that `cascade check` and the start script can load the config without
// a server. settings.ts is the one loader built on it.

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly key: string | null,
    readonly reason: string,
  ) {
    super(`${file}${line === null ? "" : `:${line}`}: ${key ? `${key}: ` : ""}${reason}`);
    this.name = "ConfigError";
  }
}

export type Env = Record<string, string | undefined>;

type Path = readonly (string | number | symbol)[];

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function describeKey(keyPath: Path): string {
  return keyPath.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`)).join("");
}

/** The node at a path, and for a map entry the key's node too (an unknown key is reported at the key). */
function findNode(root: YamlNode | null, keyPath: Path): { node: YamlNode | null; keyNode: YamlNode | null } {
  let node: unknown = root;
  let keyNode: YamlNode | null = null;
  for (const part of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      if (!pair) return { node: node as YamlNode, keyNode: null };
      keyNode = pair.key as YamlNode;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      keyNode = null;
      node = node.items[part];
    } else {
      break;
    }
  }
  return { node: (node as YamlNode | null) ?? null, keyNode };
}

function lineOf(node: YamlNode | null, lines: LineCounter): number | null {
  const offset = node?.range?.[0];
  return offset === undefined ? null : lines.linePos(offset).line;
}

/** Replaces `${VAR}` and `${VAR:-default}` in every string scalar; an unset variable without default is an error. */
function substituteEnv(root: YamlNode | null, file: string, lines: LineCounter, env: Env, keyPath: string[] = []) {
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "?";
      substituteEnv(pair.value as YamlNode, file, lines, env, [...keyPath, key]);
    }
  } else if (isSeq(root)) {
    for (const [index, item] of root.items.entries()) substituteEnv(item as YamlNode, file, lines, env, [...keyPath, `[${index}]`]);
  } else if (isScalar(root) && typeof root.value === "string") {
    root.value = root.value.replace(ENV_REF, (_match, name: string, fallback: string | undefined) => {
      const value = env[name];
      if (value !== undefined && value !== "") return value;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(file, lineOf(root, lines), keyPath.join(".").replace(/\.\[/g, "["), `environment variable ${name} is not set`);
    });
  }
}

export function parseConfig(text: string, file: string, env: Env = process.env): CascadeConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lines.linePos(yamlError.pos[0]).line;
    throw new ConfigError(file, line, null, `invalid YAML: ${yamlError.message.split("\n")[0]}`);
  }
  substituteEnv(doc.contents as YamlNode | null, file, lines, env);
  const raw = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  if (result.success) {
    checkEngineFiles(result.data, file, (keyPath) => {
      const { node, keyNode } = findNode(doc.contents as YamlNode | null, keyPath);
      return lineOf(node, lines) ?? lineOf(keyNode, lines);
    });
    return result.data;
  }

  // A typo shows up as an unknown key *and* a missing one: the unknown key is the more useful report.
  const issue = result.error.issues.find((candidate) => candidate.code === "unrecognized_keys") ?? result.error.issues[0]!;
  let keyPath: Path = issue.path;
  if (issue.code === "unrecognized_keys") {
    keyPath = [...issue.path, issue.keys[0]!];
    const { keyNode } = findNode(doc.contents as YamlNode | null, keyPath);
    throw new ConfigError(file, lineOf(keyNode, lines), describeKey(keyPath), `unknown key (allowed: ${allowedKeysHint(issue.path)})`);
  }
  const { node, keyNode } = findNode(doc.contents as YamlNode | null, keyPath);
  const line = lineOf(node, lines) ?? lineOf(keyNode, lines);
  const missing = issue.code === "invalid_type" && valueAt(raw, keyPath) === undefined;
  const reason = missing ? "is required" : issue.message;
  throw new ConfigError(file, line, describeKey(keyPath) || null, reason);
}

/** TLS and ssh key files must exist when the board starts, not at the first collection. */
function checkEngineFiles(config: CascadeConfig, file: string, lineAt: (keyPath: Path) => number | null) {
  if (!config.docker.engines) return;
  for (const [index, engine] of config.docker.engines.entries()) {
    const files: [string, string][] = [
      ...Object.entries(engine.tls ?? {}).map(([key, value]): [string, string] => [`tls.${key}`, value]),
      ...(engine.sshKey ? [["sshKey", engine.sshKey] as [string, string]] : []),
    ];
    for (const [key, value] of files) {
      const resolved = path.resolve(path.dirname(file), value);
      if (fs.existsSync(resolved)) continue;
      const keyPath = ["docker", "engines", index, ...key.split(".")];
      throw new ConfigError(file, lineAt(keyPath), describeKey(keyPath), `file not found: ${resolved}`);
    }
  }
}

function valueAt(raw: unknown, keyPath: Path): unknown {
  return keyPath.reduce<unknown>(
    (value, part) =>
      value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part as PropertyKey] : undefined,
    raw,
  );
}

function allowedKeysHint(objectPath: Path): string {
  const shapes: Record<string, string> = {
    "": "docker, containers, prometheus, metricsEndpoints, grafana, timeouts, queries, auth, snapshots, incidents, ignore, notify, server",
    snapshots: "redact",
    docker: "socketPath, host, engines (name, socketPath, host, tls: {ca, cert, key}, sshKey)",
    containers: "name or label, engine, actions",
    auth: "tokens (name, role, token), sessionHours, publicRead, trustProxy",
    prometheus: "url, container",
    metricsEndpoints: "name, url, container, expect",
    grafana: "url, token, dashboardsDir",
    timeouts: "upstreamMs, refreshMs",
    notify: "channels (name, type, url, secret, on, minStatus, only, locale), minIntervalMs, stack",
    server: "publicUrl",
  };
  const section = objectPath.find((part) => typeof part === "string");
  return shapes[section === undefined ? "" : String(section)] ?? "see docs/configuration.md";
}

/** Where the config lives: --config, else CASCADE_CONFIG, else ./cascade.yaml. */
export function resolveConfigPath(argv: readonly string[] = [], env: Env = process.env): string {
  const flag = argv.findIndex((arg) => arg === "--config" || arg.startsWith("--config="));
  const fromFlag = flag === -1 ? undefined : argv[flag]!.includes("=") ? argv[flag]!.split("=")[1] : argv[flag + 1];
  return path.resolve(/*turbopackIgnore: true*/ fromFlag || env.CASCADE_CONFIG || "cascade.yaml");
}

export function loadConfigFile(file: string, env: Env = process.env): CascadeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found (set CASCADE_CONFIG or --config)" : `cannot read file (${code})`;
    throw new ConfigError(file, null, null, reason);
  }
  return parseConfig(text, file, env);
}

/** State the app keeps (audit log, snapshots) lives here: CASCADE_DATA_DIR, else ./.cascade. */
export function resolveDataDir(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.CASCADE_DATA_DIR || ".cascade");
}
