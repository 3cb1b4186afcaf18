import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./free-port";

// A throwaway PostgreSQL for tests: initdb into a temp dir, listen on 127.0.0.1 only (plus a socket in that dir), trust
// auth, no fsync. Needs the server binaries (Debian: `apt-get install -y postgresql`). PostgreSQL refuses to run as
// root, so as root every server command runs as the `postgres` OS user the package creates.

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/cascade_test */
  url: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs a plain-SQL file (pg_dump output, psql meta-commands allowed) against a database, stopping at the first error. */
  loadSql(url: string, file: string): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 60_000;
const START_WAIT_SECONDS = 30;
const CONNECT_DEADLINE_MS = 20_000;

function findBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((version) => fs.existsSync(path.join(root, version, "bin", "initdb")))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest) return path.join(root, newest, "bin");
  const onPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .find((dir) => dir && fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")));
  if (onPath) return onPath;
  throw new Error(
    "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH; install them: apt-get install -y postgresql",
  );
}

const asRoot = process.getuid?.() === 0;

/** [file, args] that run a server binary, as the postgres user when we are root. */
function serverCommand(binDir: string, binary: string, args: string[]): [string, string[]] {
  const file = path.join(binDir, binary);
  return asRoot ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
}

function run(binDir: string, binary: string, args: string[]): Promise<string> {
  const [file, fullArgs] = serverCommand(binDir, binary, args);
  return new Promise((resolve, reject) => {
    execFile(file, fullArgs, { timeout: COMMAND_TIMEOUT_MS, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${binary} ${args[0] ?? ""} failed: ${error.message}\n${stderr}`.trim()));
      else resolve(stdout);
    });
  });
}

async function waitForConnections(url: string): Promise<void> {
  const deadline = Date.now() + CONNECT_DEADLINE_MS;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL at ${url} did not accept connections within ${CONNECT_DEADLINE_MS} ms: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const binDir = findBinDir();
  // /tmp rather than $TMPDIR when root: the postgres user must be able to reach the directory.
  const dir = fs.mkdtempSync(path.join(asRoot ? "/tmp" : os.tmpdir(), "cascade-pg-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { timeout: 5_000 }).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { timeout: 5_000 }).toString().trim());
    fs.chownSync(dir, uid, gid);
  }

  // Kills the server even if a test run ends without calling stop(); removed again by stop().
  const stopSync = () => {
    try {
      const [file, args] = serverCommand(binDir, "pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "10"]);
      if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) execFileSync(file, args, { timeout: 15_000, stdio: "ignore" });
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);

  const adminUrl = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  try {
    await run(binDir, "initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    let port = 0;
    // A port found free can be taken before the server binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await run(binDir, "pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-w", "-t", String(START_WAIT_SECONDS), "-o", options]);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await waitForConnections(adminUrl(port, "postgres"));
    await adminQuery(adminUrl(port, "postgres"), "CREATE DATABASE cascade_test");
    return {
      url: adminUrl(port, "cascade_test"),
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
        await adminQuery(adminUrl(port, "postgres"), `CREATE DATABASE ${name}`);
        return adminUrl(port, name);
      },
      async loadSql(url, file) {
        // psql is a client: it runs as whoever we are, over TCP with trust auth.
        await new Promise<void>((resolve, reject) => {
          execFile(
            path.join(binDir, "psql"),
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file],
            { timeout: COMMAND_TIMEOUT_MS, killSignal: "SIGKILL" },
            (error, _stdout, stderr) => (error ? reject(new Error(`psql -f ${file} failed: ${error.message}\n${stderr}`)) : resolve()),
          );
        });
      },
      async stop() {
        process.removeListener("exit", stopSync);
        await run(binDir, "pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", String(START_WAIT_SECONDS)]).catch(() => stopSync());
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n") : "";
    process.removeListener("exit", stopSync);
    stopSync();
    throw new Error(`${(error as Error).message}${log ? `\nserver log:\n${log}` : ""}`);
  }
}
