import type { IncidentRecord } from "@/lib/incidents/types";
import { makeRenderer, storedCauseTemplates } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";

// An incident as an Alertmanager v2 alert (POST /api/v2/alerts, https://prometheus.io/docs/alerting/latest/clients/),
// pure. The labels are its identity in Alertmanager, so they are made only of stable facts: the incident's id, the
// severity of its current status, the stack, and the kind and key of its first root cause (never words).

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/** How long a firing alert stays firing in Alertmanager without being sent again. */
export const FIRING_FOR_MS = 4 * 60_000;
/** A firing alert is sent again this often while its incident is open. */
export const RESEND_EVERY_MS = 60_000;
/** A resolved alert is sent again for this long after its first successful send. */
export const RESOLVED_FOR_MS = 5 * 60_000;

export const INCIDENT_ALERTNAME = "CascadeIncident";
export const WATCHDOG_ALERTNAME = "CascadeWatchdog";

export type Severity = "critical" | "warning";
export const severityOf = (status: "degraded" | "down"): Severity => (status === "down" ? "critical" : "warning");

export interface AlertContext {
  /** The `stack` label (notify.stack, default the host name). */
  stack: string;
  /** server.publicUrl without a trailing slash, or null: then the alert carries no link. */
  publicUrl: string | null;
  locale?: Locale;
  now: Date;
}

/** The incident's page on the board, or null without server.publicUrl. */
export const incidentUrl = (publicUrl: string | null, id: string) =>
  publicUrl ? `${publicUrl.replace(/\/+$/, "")}/incidents/${encodeURIComponent(id)}` : null;

/** The firing alert of an incident in `status` (its current one: critical while down, warning while degraded). */
export function incidentAlert(incident: IncidentRecord, status: "degraded" | "down", context: AlertContext): AlertmanagerAlert {
  const { catalogue, words, text } = makeRenderer(context.locale ?? "en", context.now);
  const first = incident.rootCauses[0];
  const labels: Record<string, string> = {
    alertname: INCIDENT_ALERTNAME,
    incident: incident.id,
    severity: severityOf(status),
    stack: context.stack,
  };
  if (first) {
    labels.root_kind = first.kind;
    labels.root_subject = first.key;
  }
  const summary = incident.title.kind
    ? storedCauseTemplates(catalogue, incident.title.kind, incident.title.params).title(incident.title.params, words)
    : text({ key: "incident.title.fallback", params: { status: incident.title.status } });
  const active = incident.rootCauses.filter((cause) => cause.active);
  const causes = (active.length > 0 ? active : incident.rootCauses).map((cause) =>
    storedCauseTemplates(catalogue, cause.kind, cause.params).title(cause.params, words),
  );
  const annotations: Record<string, string> = {
    summary,
    description: text({
      key: "notify.alertmanager.description",
      params: { status, causes: causes.slice(0, 10).join(" "), more: Math.max(0, causes.length - 10) },
    }),
  };
  const url = incidentUrl(context.publicUrl, incident.id);
  if (url) annotations.incident_url = url;
  return {
    labels,
    annotations,
    startsAt: incident.impactStartedAt,
    endsAt: new Date(context.now.getTime() + FIRING_FOR_MS).toISOString(),
    ...(url ? { generatorURL: url } : {}),
  };
}

/** The always-firing dead man's switch: Alertmanager (or a receiver behind it) alarms when it stops arriving. */
export function watchdogAlert(context: AlertContext, intervalMs: number, startedAt: Date): AlertmanagerAlert {
  const { text } = makeRenderer(context.locale ?? "en", context.now);
  const url = context.publicUrl ? context.publicUrl.replace(/\/+$/, "") : null;
  return {
    labels: { alertname: WATCHDOG_ALERTNAME, severity: "none", stack: context.stack },
    annotations: {
      summary: text({ key: "notify.watchdog.summary", params: {} }),
      description: text({ key: "notify.watchdog.description", params: {} }),
    },
    startsAt: startedAt.toISOString(),
    // A few intervals ahead: one lost request does not end it, a stopped Cascade does.
    endsAt: new Date(context.now.getTime() + Math.max(3 * intervalMs, 60_000)).toISOString(),
    ...(url ? { generatorURL: url } : {}),
  };
}

/** The same label set (Alertmanager's identity of an alert). */
export function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
