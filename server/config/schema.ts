import { z } from "zod";
import { roles } from "@/lib/contracts/operations";
import {
  type ContainerSelector,
  containerEntrySchema,
  containerRef,
  dockerSchema,
  enginesOf,
  type WatchedContainer,
} from "./engines-schema";
import { notifySchema, serverSchema } from "./notify-schema";
import { servicesSchema } from "./services-schema";

// The keys of cascade.yaml are a public contract (docs/configuration.md). Every object is strict so that a typo
// ("contianers:") is an error with a line number, not a silently ignored key.

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), { message: "must be an http:// or https:// URL" });

const snapshotsSchema = z.strictObject({
  /** Regular expressions: any match is replaced by [redacted] before a snapshot is stored. */
  redact: z
    .array(
      z.string().refine(
        (source) => {
          try {
            new RegExp(source);
            return true;
          } catch {
            return false;
          }
        },
        { message: "must be a valid regular expression" },
      ),
    )
    .default([]),
});

const authSchema = z.strictObject({
  tokens: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[\w.@-]{1,64}$/, { message: "must be 1-64 letters, digits, or . _ @ -" }),
        role: z.enum(roles),
        token: z
          .string()
          .min(16, { message: "must be at least 16 characters; put it in an environment variable: token: ${CASCADE_TOKEN_NAME}" }),
      }),
    )
    .default([]),
  sessionHours: z.number().positive().max(720).default(12),
  /** Anyone who can reach the board may read it without signing in. Default: only when no tokens are configured. */
  publicRead: z.boolean().optional(),
  /** A reverse proxy in front sets X-Forwarded-For / -Host / -Proto: trust them (rate limits per client, origin checks). */
  trustProxy: z.boolean().default(false),
});

const prometheusSchema = z.strictObject({
  url: httpUrl,
  container: containerRef.optional(),
});

const metricsEndpointSchema = z.strictObject({
  name: z.string().min(1),
  url: httpUrl,
  container: containerRef.optional(),
  expect: z.array(z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { message: "must be a metric family name" })).default([]),
});

const grafanaSchema = z.strictObject({
  url: httpUrl.optional(),
  token: z.string().min(1).optional(),
  dashboardsDir: z.string().min(1).optional(),
});

/** `ignore:` – parts known to be broken: shown greyed with the reason, never counted in the status. */
const IGNORE_SELECTORS = ["job", "target", "container", "label", "dashboard"] as const;
const ignoreRuleSchema = z
  .strictObject({
    job: z.string().min(1).optional(),
    target: z.string().min(1).optional(),
    container: z.string().min(1).optional(),
    label: z.string().min(1).optional(),
    dashboard: z.string().min(1).optional(),
    reason: z.string().min(1, { message: "say why it is ignored" }),
  })
  .refine((rule) => IGNORE_SELECTORS.filter((key) => rule[key] !== undefined).length === 1, {
    message: `name exactly one of ${IGNORE_SELECTORS.join(", ")}`,
  });

const timeoutsSchema = z.strictObject({
  upstreamMs: z.number().int().positive().max(60_000).default(2_000),
  refreshMs: z.number().int().min(500).max(600_000).default(5_000),
});

const queriesSchema = z.strictObject({
  /** At most this many PromQL queries (/api/v1/query) reach Prometheus per refresh (timeouts.refreshMs). */
  perRefresh: z.number().int().min(1).max(100_000).default(400),
  /** Each panel query is re-run in rotation so that its result is at most this old. */
  maxAgeMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
});

const incidentsSchema = z.strictObject({
  /** Consecutive collections not `ok` before an incident opens. */
  openAfter: z.number().int().min(1).max(100).default(2),
  /** Consecutive `ok` collections before it resolves. */
  resolveAfter: z.number().int().min(1).max(100).default(3),
  /** Incidents and recorded state changes older than this are deleted. */
  retentionDays: z.number().int().min(1).max(3650).default(400),
});

export const configSchema = z
  .strictObject({
    docker: dockerSchema.default({}),
    containers: z.array(containerEntrySchema).default([]),
    services: servicesSchema,
    prometheus: prometheusSchema.optional(),
    metricsEndpoints: z.array(metricsEndpointSchema).default([]),
    grafana: grafanaSchema.optional(),
    timeouts: timeoutsSchema.default({ upstreamMs: 2_000, refreshMs: 5_000 }),
    queries: queriesSchema.default({ perRefresh: 400, maxAgeMs: 60_000 }),
    auth: authSchema.default({ tokens: [], sessionHours: 12, trustProxy: false }),
    snapshots: snapshotsSchema.default({ redact: [] }),
    incidents: incidentsSchema.default({ openAfter: 2, resolveAfter: 3, retentionDays: 400 }),
    ignore: z.array(ignoreRuleSchema).default([]),
    notify: notifySchema.default({ channels: [], minIntervalMs: 60_000 }),
    server: serverSchema.default({}),
  })
  .superRefine((config, ctx) => {
    const engines = enginesOf(config.docker).map((engine) => engine.name);
    const only = engines.length === 1 ? engines[0] : undefined;
    const watched = new Set<string>();
    const shortNames = new Map<string, number>();
    config.containers.forEach((container, index) => {
      if (container.engine !== undefined && !engines.includes(container.engine)) {
        ctx.addIssue({
          code: "custom",
          path: ["containers", index, "engine"],
          message: `"${container.engine}" is not one of the engines (${engines.join(", ")})`,
        });
      }
      if (container.name === undefined) return;
      const engine = container.engine ?? only;
      if (engine === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["containers", index, "engine"],
          message: `is required with several engines: on which one (${engines.join(", ")}) does ${container.name} run?`,
        });
        return;
      }
      const key = `${engine}/${container.name}`;
      if (watched.has(key)) {
        ctx.addIssue({ code: "custom", path: ["containers", index, "name"], message: `"${container.name}" is listed twice` });
      }
      watched.add(key);
      shortNames.set(container.name, (shortNames.get(container.name) ?? 0) + 1);
    });
    // A metrics endpoint or Prometheus may run as a watched Swarm service (named in services:) instead of a container.
    const services = new Set(config.services.flatMap((service) => ("name" in service ? [service.name] : [])));
    const refersToWatched = (ref: string | undefined, path: (string | number)[]) => {
      if (ref === undefined || services.has(ref)) return;
      if (ref.includes("/") ? !watched.has(ref) : !shortNames.has(ref)) {
        ctx.addIssue({ code: "custom", path, message: `"${ref}" is not one of the watched containers or services` });
      } else if (!ref.includes("/") && (shortNames.get(ref) ?? 0) > 1) {
        ctx.addIssue({ code: "custom", path, message: `"${ref}" runs on several engines: write engine/${ref}` });
      }
    };
    refersToWatched(config.prometheus?.container, ["prometheus", "container"]);
    const tokenNames = new Set<string>();
    config.auth.tokens.forEach((token, index) => {
      if (tokenNames.has(token.name))
        ctx.addIssue({ code: "custom", path: ["auth", "tokens", index, "name"], message: `"${token.name}" is listed twice` });
      tokenNames.add(token.name);
    });
    for (const [index, endpoint] of config.metricsEndpoints.entries()) {
      refersToWatched(endpoint.container, ["metricsEndpoints", index, "container"]);
    }
  })
  .transform((config) => {
    const engines = enginesOf(config.docker);
    const containers: WatchedContainer[] = [];
    const selectors: ContainerSelector[] = [];
    for (const entry of config.containers) {
      if (entry.name !== undefined) containers.push({ name: entry.name, engine: entry.engine ?? engines[0]!.name, actions: entry.actions });
      else selectors.push({ label: entry.label!, ...(entry.engine ? { engine: entry.engine } : {}), actions: entry.actions });
    }
    return { ...config, engines, containers, selectors };
  });

export type CascadeConfig = z.infer<typeof configSchema>;
export type { ContainerSelector, EngineConfig, WatchedContainer } from "./engines-schema";
