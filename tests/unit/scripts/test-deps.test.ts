import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, "../../../scripts/test-deps.sh");

/** A PATH whose dpkg-query reports `missing` as not installed and everything else as installed. */
function fakeDpkg(missing: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-fake-dpkg-"));
  fs.chmodSync(dir, 0o755);
  const script = `#!/bin/sh\ncase " ${missing.join(" ")} " in *" $3 "*) exit 1;; esac\necho "install ok installed"\n`;
  fs.writeFileSync(path.join(dir, "dpkg-query"), script, { mode: 0o755 });
  return `${dir}:/usr/bin:/bin`;
}

describe("npm test's pretest (scripts/test-deps.sh)", () => {
  it("does nothing when every package is installed", { timeout: 30_000 }, async () => {
    const { stdout, stderr } = await run("bash", [SCRIPT], { env: { ...process.env, PATH: fakeDpkg([]) } });
    expect(stdout + stderr).toBe("");
  });

  it("as a non-root user, prints the exact apt-get line for what is missing and exits non-zero", { timeout: 30_000 }, async () => {
    const bin = fakeDpkg(["chromium", "postgresql"]);
    // A copy the unprivileged user can read: the checkout itself may sit in a folder only root may enter (mktemp -d).
    const script = path.join(bin.split(":")[0]!, "test-deps.sh");
    fs.copyFileSync(SCRIPT, script);
    fs.chmodSync(script, 0o755);
    const failure = await run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "bash", script], {
      env: { ...process.env, PATH: bin },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("apt-get update && apt-get install -y chromium postgresql");
  });
});
