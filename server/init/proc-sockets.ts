import "server-only";
import fs from "node:fs/promises";

// The TCP ports a process tree listens on, read from /proc the way `ss -ltnp` does: the socket inodes among the
// processes' open files, matched against the LISTEN rows of their network namespace's tcp and tcp6 tables. Only
// possible when Cascade runs on the engine's host, in its pid namespace, with the right to read those processes.

const LISTEN = "0A";
const MAX_PROCESSES = 256;

async function childrenOf(pid: number, proc: string): Promise<number[]> {
  const tasks = await fs.readdir(`${proc}/${pid}/task`).catch(() => [] as string[]);
  const lists = await Promise.all(tasks.map((task) => fs.readFile(`${proc}/${pid}/task/${task}/children`, "utf8").catch(() => "")));
  return lists.flatMap((list) => list.split(/\s+/).filter(Boolean).map(Number));
}

async function processTree(root: number, proc: string): Promise<number[]> {
  const seen = new Set<number>([root]);
  let frontier = [root];
  while (frontier.length > 0 && seen.size < MAX_PROCESSES) {
    const next = (await Promise.all(frontier.map((pid) => childrenOf(pid, proc)))).flat().filter((pid) => !seen.has(pid));
    for (const pid of next) seen.add(pid);
    frontier = next;
  }
  return [...seen];
}

async function socketInodes(pid: number, proc: string): Promise<string[]> {
  const fds = await fs.readdir(`${proc}/${pid}/fd`).catch(() => [] as string[]);
  const links = await Promise.all(fds.map((fd) => fs.readlink(`${proc}/${pid}/fd/${fd}`).catch(() => "")));
  return links.map((link) => /^socket:\[(\d+)\]$/.exec(link)?.[1]).filter((inode): inode is string => inode !== undefined);
}

/** Rows of /proc/<pid>/net/tcp(6): "sl local_address rem_address st ... uid timeout inode". */
export function listeningPortsOf(table: string, inodes: ReadonlySet<string>): number[] {
  const ports: number[] = [];
  for (const row of table.split("\n").slice(1)) {
    const columns = row.trim().split(/\s+/);
    if (columns.length < 10 || columns[3] !== LISTEN || !inodes.has(columns[9]!)) continue;
    const port = Number.parseInt(columns[1]!.split(":").pop() ?? "", 16);
    if (Number.isInteger(port) && port > 0) ports.push(port);
  }
  return ports;
}

/** The ports the container's processes listen on, or throws when its processes cannot be read here. */
export async function listeningPorts(pid: number, proc = "/proc"): Promise<number[]> {
  await fs.access(`${proc}/${pid}/fd`).catch(() => {
    throw new Error(`process ${pid} is not visible here (Cascade does not run on this engine's host, or in another pid namespace)`);
  });
  const pids = await processTree(pid, proc);
  const inodes = new Set((await Promise.all(pids.map((each) => socketInodes(each, proc)))).flat());
  const tables = await Promise.all(["tcp", "tcp6"].map((name) => fs.readFile(`${proc}/${pid}/net/${name}`, "utf8").catch(() => "")));
  return [...new Set(tables.flatMap((table) => listeningPortsOf(table, inodes)))].sort((a, b) => a - b);
}
