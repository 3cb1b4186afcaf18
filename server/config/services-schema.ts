import { z } from "zod";
import { SCALE_LIMIT, serviceActions } from "@/lib/contracts/services";

// cascade.yaml `services:` (docs/configuration.md): Swarm services by name or by label selector, watched on the
// engines that are Swarm managers. Kept apart from schema.ts so the Swarm part reads as one piece.

const serviceName = z
  .string()
  .min(1)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: "must be a Docker service name" });

const common = {
  /** The engine whose Swarm runs it; default: every engine that is a Swarm manager ("local" in the single-engine form). */
  engine: z.string().min(1).optional(),
  /** What the board may do to the service. */
  actions: z.array(z.enum(serviceActions)).default([...serviceActions]),
  /** The most replicas POST /api/services/{name}/scale may ask for. */
  maxReplicas: z.number().int().min(0).max(SCALE_LIMIT).default(10),
};

const selectorObject = z
  .strictObject({
    name: serviceName.optional(),
    label: z
      .string()
      .regex(/^[^=\s]+(=.*)?$/, { message: 'must be "key" or "key=value"' })
      .optional(),
    ...common,
  })
  .refine((selector) => (selector.name === undefined) !== (selector.label === undefined), { message: "name exactly one of name, label" })
  .transform(({ name, label, ...rest }) => (name !== undefined ? { name, ...rest } : { label: label!, ...rest }));

/** A service by name or by label selector; a plain string is a name. One object shape, so errors name the key at fault. */
export const serviceSelectorSchema = z.preprocess((value) => (typeof value === "string" ? { name: value } : value), selectorObject);
export type ServiceSelector = z.infer<typeof serviceSelectorSchema>;

export const servicesSchema = z
  .array(serviceSelectorSchema)
  .default([])
  .superRefine((services, ctx) => {
    const seen = new Set<string>();
    services.forEach((service, index) => {
      const key = "name" in service ? `name:${service.name}@${service.engine ?? ""}` : `label:${service.label}@${service.engine ?? ""}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [index], message: "is listed twice" });
      seen.add(key);
    });
  });
