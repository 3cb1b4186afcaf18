import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { auditedSnapshotChange, type SnapshotAuditSubject } from "@/server/snapshots/audit";
import { openSqliteStore } from "@/server/store/sqlite-store";
import type { CascadeStore } from "@/server/store/types";

// Snapshot changes are audited like container actions: started before, then ok or error; no started row, no change.

const who: SnapshotAuditSubject = { actor: "otto", role: "operator", action: "snapshot.create", subject: "abc", requestId: "req-9" };
const dirs: string[] = [];
const stores: CascadeStore[] = [];
function store(): CascadeStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-snap-audit-"));
  dirs.push(dir);
  const opened = openSqliteStore(path.join(dir, "cascade.db"));
  stores.push(opened);
  return opened;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((opened) => opened.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const rows = async (opened: CascadeStore) =>
  (await opened.listAudit()).map(({ action, subject, requestId, result, detail }) => ({ action, subject, requestId, result, detail }));

describe("auditedSnapshotChange", () => {
  it("writes started, then ok with the detail", async () => {
    const opened = store();
    expect(
      await auditedSnapshotChange(
        opened,
        who,
        async () => 42,
        (value) => `value ${value}`,
      ),
    ).toBe(42);
    expect(await rows(opened)).toEqual([
      { action: "snapshot.create", subject: "abc", requestId: "req-9", result: "ok", detail: "value 42" },
      { action: "snapshot.create", subject: "abc", requestId: "req-9", result: "started", detail: null },
    ]);
  });

  it("writes started, then error with the reason, and passes the failure on", async () => {
    const opened = store();
    const failing = auditedSnapshotChange(
      opened,
      { ...who, action: "snapshot.delete" },
      async () => {
        throw new Error("the store refused the row");
      },
      () => null,
    );
    await expect(failing).rejects.toThrow("the store refused the row");
    expect((await rows(opened)).map(({ action, result, detail }) => [action, result, detail])).toEqual([
      ["snapshot.delete", "error", "the store refused the row"],
      ["snapshot.delete", "started", null],
    ]);
  });

  it("changes nothing when the started row cannot be written (fail closed)", async () => {
    const opened = store();
    await opened.close();
    let called = false;
    const refused = auditedSnapshotChange(
      opened,
      who,
      async () => {
        called = true;
      },
      () => null,
    );
    await expect(refused).rejects.toThrow(AppError);
    await expect(refused).rejects.toMatchObject({ code: "audit_unavailable", status: 503 });
    expect(called).toBe(false);
  });
});
