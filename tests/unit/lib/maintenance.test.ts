import { describe, expect, it } from "vitest";
import type { IncidentRecord, RootCauseRecord, StateChange } from "@/lib/incidents/types";
import { withMaintenance } from "@/lib/maintenance/uptime";
import { heldBy, type MaintenanceWindow, withMark } from "@/lib/maintenance/windows";
import { uptimeWindow } from "@/lib/uptime/uptime";

// Maintenance windows, pure: which window holds an incident, and maintenance time left out of uptime.

const NOW = new Date("2030-01-01T12:00:00.000Z");
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const window = (id: string, from: number, until: number, containers: string[] | null = null): MaintenanceWindow => ({
  id,
  from: at(from),
  until: at(until),
  reason: `reason ${id}`,
  containers,
  createdBy: "ops",
  createdAt: at(from - 1),
});
const cause = (kind: RootCauseRecord["kind"], key: string, active = true, params: RootCauseRecord["params"] = {}): RootCauseRecord => ({
  kind,
  key,
  params,
  firstSeenAt: at(-5),
  lastSeenAt: at(0),
  active,
});
const incident = (rootCauses: RootCauseRecord[]): Pick<IncidentRecord, "rootCauses"> => ({ rootCauses });

describe("heldBy", () => {
  it("holds everything during a whole-stack window, and nothing before or after it", () => {
    const windows = [window("w", -10, 10)];
    const target = incident([cause("prometheus-unreachable", "http://prometheus:9090")]);
    expect(heldBy(windows, target, NOW)?.id).toBe("w");
    expect(heldBy(windows, target, new Date(at(10)))).toBeNull();
    expect(heldBy(windows, target, new Date(at(-11)))).toBeNull();
    expect(heldBy([window("later", 5, 10)], target, NOW)).toBeNull();
  });

  it("holds an incident only when every active root cause is a container in maintenance", () => {
    const windows = [window("api", -10, 10, ["auren-api"]), window("db", -10, 10, ["auren-db"])];
    expect(heldBy(windows, incident([cause("container-exited", "local/auren-api")]), NOW)?.id).toBe("api");
    expect(
      heldBy(windows, incident([cause("container-exited", "local/auren-api"), cause("container-exited", "local/auren-db")]), NOW)?.id,
    ).toBe("api");
    const elsewhere = incident([cause("container-exited", "local/auren-api"), cause("container-exited", "local/auren-web")]);
    expect(heldBy(windows, elsewhere, NOW)).toBeNull();
    // A gone cause no longer counts while another is active.
    const gone = incident([cause("container-exited", "local/auren-web", false), cause("container-exited", "local/auren-api")]);
    expect(heldBy(windows, gone, NOW)?.id).toBe("api");
    const target = incident([cause("target-down", "http://auren-web:8080/metrics", true, { job: "web" })]);
    expect(heldBy(windows, target, NOW)).toBeNull();
    expect(heldBy(windows, incident([]), NOW)).toBeNull();
  });

  it("holds a list of containers when all of them are in maintenance", () => {
    const windows = [window("api", -10, 10, ["auren-api", "auren-db"])];
    expect(heldBy(windows, ["auren-api"], NOW)?.id).toBe("api");
    expect(heldBy(windows, ["auren-api", "auren-web"], NOW)).toBeNull();
    expect(heldBy(windows, [], NOW)).toBeNull();
  });

  it("marks an incident once per window", () => {
    const marked = withMark(withMark({ id: "i" } as { id: string; maintenance?: never[] }, window("w", -1, 1)), window("w", -1, 2));
    expect(marked.maintenance).toEqual([{ id: "w", reason: "reason w", from: at(-1), until: at(2), containers: null }]);
  });
});

describe("maintenance in uptime", () => {
  const change = (part: string, minutes: number, state: StateChange["state"]): StateChange => ({ part, time: at(minutes), state });

  it("leaves a window's time out of the shares and counts it as maintenance", () => {
    // Up for 60 minutes, except 20 minutes down inside a 30-minute window: 100 % over the known, non-maintenance time.
    const changes = [change("stack", -60, "ok"), change("stack", -40, "down"), change("stack", -20, "ok")];
    const windows = [window("w", -45, -15)];
    const plain = uptimeWindow(changes, new Date(at(-60)), NOW, NOW);
    expect(plain.stack).toBeCloseTo(2 / 3, 10);
    const held = uptimeWindow(withMaintenance(changes, windows), new Date(at(-60)), NOW, NOW);
    expect(held.stack).toBe(1);
    expect(held.maintenanceMs).toBe(30 * 60_000);
    expect(held.unknownMs).toBe(0);
  });

  it("covers only the containers of a container window, and restores the state recorded during the window", () => {
    const changes = [
      change("container:local/auren-api", -60, "ok"),
      change("container:local/auren-api", -30, "down"),
      change("container:local/auren-web", -60, "ok"),
      change("container:local/auren-web", -30, "down"),
    ];
    const laid = withMaintenance(changes, [window("api", -40, -20, ["auren-api"])]);
    const result = uptimeWindow(laid, new Date(at(-60)), NOW, NOW);
    // auren-api: ok 20 min, maintenance 20 min, down (as recorded in the window) 20 min after it.
    expect(result.containers["auren-api"]).toBeCloseTo(0.5, 10);
    expect(result.containers["auren-web"]).toBeCloseTo(0.5, 10);
    expect(laid.filter((c) => c.part === "container:local/auren-api").map((c) => c.state)).toEqual(["ok", "maintenance", "down"]);
  });

  it("merges overlapping windows and changes nothing without windows", () => {
    const changes = [change("stack", -60, "ok")];
    expect(withMaintenance(changes, [])).toBe(changes);
    const laid = withMaintenance(changes, [window("a", -50, -30), window("b", -40, -20)]);
    expect(uptimeWindow(laid, new Date(at(-60)), NOW, NOW).maintenanceMs).toBe(30 * 60_000);
  });
});
