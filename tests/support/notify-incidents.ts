import type { IncidentRecord, RootCauseRecord } from "@/lib/incidents/types";

// Incidents as the tracker stores them, for the notification tests.

export const T = (second: number) => new Date(Date.parse("2030-01-01T00:00:00.000Z") + second * 1000);

export const containerCause = (name: string, active = true): RootCauseRecord => ({
  kind: "container-exited",
  key: `local/${name}`,
  params: { container: name, exitCode: 137 },
  firstSeenAt: T(0).toISOString(),
  lastSeenAt: T(10).toISOString(),
  active,
});

export const incidentWith = (causes: RootCauseRecord[], overrides: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id: "inc-1",
  status: "open",
  title: { kind: "container-exited", params: { container: "auren-api", exitCode: 137 }, status: "down" },
  worstStatus: "down",
  impactStartedAt: T(-5).toISOString(),
  detectedAt: T(0).toISOString(),
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgeNote: null,
  resolvedAt: null,
  rootCauses: causes,
  ...overrides,
});
