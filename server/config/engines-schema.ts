import { z } from "zod";
import { containerActions } from "@/lib/contracts/operations";

// `docker:` and `containers:` of cascade.yaml: one engine (the shorthand socketPath/host, named `local`) or several
// (`docker.engines`), and containers by name or by label selector. docs/configuration.md is the contract.

/** The engine the single-engine form (`docker.socketPath` / `docker.host`) is called. */
export const SHORTHAND_ENGINE = "local";

export const containerName = z
  .string()
  .min(1)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: "must be a Docker container name" });

/** A container as config refers to it elsewhere (prometheus.container): `name`, or `engine/name` when names repeat. */
export const containerRef = z
  .string()
  .min(1)
  .regex(/^([a-zA-Z0-9][a-zA-Z0-9_.-]*\/)?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: "must be a container name or engine/name" });

const engineName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, { message: "must be 1-63 letters, digits, or . _ - (no /)" });

const tcpHost = /^(tcp|http|https):\/\/[^/]+$/;
const sshHost = /^ssh:\/\/([^@/]+@)?[^/@]+$/;

const tlsSchema = z.strictObject({
  /** File paths (relative to cascade.yaml's folder); read at start. */
  ca: z.string().min(1),
  cert: z.string().min(1),
  key: z.string().min(1),
});

export const engineSchema = z
  .strictObject({
    name: engineName,
    socketPath: z.string().min(1).optional(),
    host: z
      .string()
      .refine((value) => tcpHost.test(value) || sshHost.test(value), {
        message: "must look like tcp://127.0.0.1:2376 or ssh://user@host",
      })
      .optional(),
    tls: tlsSchema.optional(),
    /** A private key file for ssh:// engines; without it the ssh agent (SSH_AUTH_SOCK) is asked. */
    sshKey: z.string().min(1).optional(),
  })
  .superRefine((engine, ctx) => {
    if ((engine.socketPath === undefined) === (engine.host === undefined))
      ctx.addIssue({ code: "custom", path: ["name"], message: "set socketPath or host (exactly one)" });
    const ssh = engine.host !== undefined && sshHost.test(engine.host);
    if (engine.tls && (engine.host === undefined || ssh))
      ctx.addIssue({ code: "custom", path: ["tls"], message: "tls applies to a tcp:// or https:// host only" });
    if (engine.sshKey && !ssh) ctx.addIssue({ code: "custom", path: ["sshKey"], message: "sshKey applies to an ssh:// host only" });
  });
export type EngineConfig = z.infer<typeof engineSchema>;

export const dockerSchema = z
  .strictObject({
    socketPath: z.string().min(1).optional(),
    host: z.string().regex(tcpHost, { message: "must look like tcp://127.0.0.1:2375" }).optional(),
    engines: z.array(engineSchema).min(1).optional(),
  })
  .superRefine((docker, ctx) => {
    if (docker.socketPath && docker.host) ctx.addIssue({ code: "custom", path: [], message: "set socketPath or host, not both" });
    if (docker.engines && (docker.socketPath || docker.host))
      ctx.addIssue({
        code: "custom",
        path: ["engines"],
        message: "set docker.engines or docker.socketPath/host (the one-engine shorthand), not both",
      });
    const names = new Set<string>();
    docker.engines?.forEach((engine, index) => {
      if (names.has(engine.name))
        ctx.addIssue({ code: "custom", path: ["engines", index, "name"], message: `"${engine.name}" is listed twice` });
      names.add(engine.name);
    });
  });

/** `k=v` or `k`: a Docker label, as `docker ps --filter label=...` takes it. */
const labelSelector = z.string().regex(/^[^=\s]+(=.*)?$/, { message: 'must be "key=value" or "key"' });

/** One entry of `containers:`: a container by name, or every container whose labels match (`label:`). */
export const containerEntrySchema = z
  .strictObject({
    name: containerName.optional(),
    label: labelSelector.optional(),
    engine: engineName.optional(),
    /** What the board may do to this container; narrow it to forbid the rest. */
    actions: z.array(z.enum(containerActions)).default([...containerActions]),
  })
  .refine((entry) => (entry.name === undefined) !== (entry.label === undefined), {
    message: "name a container (name:) or a label selector (label:), exactly one",
  });

export interface WatchedContainer {
  name: string;
  /** Always set after parsing: the engine it runs on. */
  engine: string;
  actions: (typeof containerActions)[number][];
}

export interface ContainerSelector {
  /** `key=value` or `key`. */
  label: string;
  /** Absent: every engine. */
  engine?: string;
  actions: (typeof containerActions)[number][];
}

/** The engines of a parsed `docker:` section; the shorthand is one engine named `local`. */
export function enginesOf(docker: z.infer<typeof dockerSchema>): EngineConfig[] {
  if (docker.engines) return docker.engines;
  return [
    { name: SHORTHAND_ENGINE, ...(docker.host ? { host: docker.host } : { socketPath: docker.socketPath ?? "/var/run/docker.sock" }) },
  ];
}
