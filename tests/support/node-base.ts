import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// No image registry is reachable here: the image tests build Cascade on a base made FROM scratch with this machine's
// `node` and the shared libraries `ldd` lists for it and for the native addons the board loads (better-sqlite3).

export const NODE_BASE_IMAGE = "cascade-test-node-base:local";

function sharedLibraries(binary: string): string[] {
  const listing = execFileSync("ldd", [binary], { encoding: "utf8" });
  return [...listing.matchAll(/(\/\S+) \(0x/g)].map((match) => match[1]!);
}

function copyInto(context: string, file: string) {
  const target = path.join(context, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // The path ldd names (often a symlink) holds the real file's bytes, so the loader finds it where it looks.
  fs.copyFileSync(fs.realpathSync(file), target);
  fs.chmodSync(target, 0o755);
}

/** Builds (once per machine) the FROM-scratch base with node at /usr/bin/node; returns its tag. */
export function buildNodeBase(root: string): string {
  const node = fs.realpathSync(process.execPath);
  const addons = [path.join(root, ".next/standalone/node_modules/better-sqlite3/build/Release/better_sqlite3.node")].filter((file) =>
    fs.existsSync(file),
  );
  const context = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-node-base-"));
  try {
    copyInto(context, node);
    if (node !== "/usr/bin/node") {
      fs.mkdirSync(path.join(context, "usr/bin"), { recursive: true });
      fs.copyFileSync(node, path.join(context, "usr/bin/node"));
      fs.chmodSync(path.join(context, "usr/bin/node"), 0o755);
    }
    for (const library of new Set([node, ...addons].flatMap(sharedLibraries))) copyInto(context, library);
    fs.mkdirSync(path.join(context, "tmp"), { mode: 0o1777 });
    fs.writeFileSync(path.join(context, "Dockerfile"), 'FROM scratch\nCOPY . /\nENV PATH=/usr/local/bin:/usr/bin:/bin\nCMD ["node"]\n');
    fs.writeFileSync(path.join(context, ".dockerignore"), "Dockerfile\n.dockerignore\n");
    execFileSync("docker", ["build", "-q", "-t", NODE_BASE_IMAGE, context], { stdio: ["ignore", "ignore", "inherit"] });
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
  return NODE_BASE_IMAGE;
}
