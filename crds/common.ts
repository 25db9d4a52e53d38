import { z } from "zod";

/** The API group and version every kubefix kind is served under. */
export const GROUP = "kubefix.io";
export const VERSION = "v1alpha1";
export const API_VERSION = `${GROUP}/${VERSION}`;

/** An RFC 3339 timestamp in UTC, as the apiserver and metav1.Time write them. */
export const timestamp = (): z.ZodISODateTime => z.iso.datetime({ offset: true });

/**
 * A free-form JSON object (plugin parameters, tool results, JSON schemas).
 * The CRD keeps every field of it instead of pruning unknown ones.
 */
export const freeForm = (): z.ZodRecord<z.ZodString, z.ZodUnknown> =>
  z.record(z.string(), z.unknown()).meta({ "x-kubernetes-preserve-unknown-fields": true });

/** How risky a change is; shared by plugins, proposals and policy thresholds. */
export const RiskLevel = z.enum(["low", "medium", "high", "critical"]);
export type RiskLevel = z.infer<typeof RiskLevel>;

/** A short machine-readable identifier such as a condition reason. */
const reasonPattern = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;

/** metav1.Condition, with the same limits the Kubernetes API types carry. */
export const Condition = z.object({
  type: z.string().min(1).max(316),
  status: z.enum(["True", "False", "Unknown"]),
  observedGeneration: z.number().int().min(0).optional(),
  lastTransitionTime: timestamp(),
  reason: z.string().min(1).max(1024).regex(reasonPattern),
  message: z.string().max(32768),
});
export type Condition = z.infer<typeof Condition>;

/** A list of conditions keyed by type, merged per item by server-side apply. */
export const conditionList = (): z.ZodArray<typeof Condition> =>
  z.array(Condition).max(16).meta({
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["type"],
  });

/** A reference to one key of a Secret in the incident's own namespace. */
export const SecretKeyRef = z.object({
  name: z.string().min(1).max(253),
  key: z.string().min(1).max(253),
});
