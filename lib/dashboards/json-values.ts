// Safe readers for untyped dashboard JSON: real dashboards are hand-edited, exported, and decades of schema apart.

export function recordOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(recordOf) : [];
}

export function stringOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The dashboard itself, whether given bare or in the API's { dashboard, meta } envelope. */
export function unwrapDashboard(json: unknown): Record<string, unknown> {
  const record = recordOf(json);
  const hasLayout = Array.isArray(record.panels) || Array.isArray(record.rows);
  return !hasLayout && isRecord(record.dashboard) ? record.dashboard : record;
}
