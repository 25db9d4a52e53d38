/**
 * Pure helpers of set_container_resources: which requests and limits a call
 * sets, the strategic merge patch that sets them, and how to describe it.
 */
import type { V1ResourceRequirements } from "@kubernetes/client-node";
import { containerKey, type FieldPath } from "./managed-fields.js";
import { quantityValue } from "./quantity.js";

/** The resource arguments of set_container_resources. */
export interface ResourceArgs {
  cpu_request?: string;
  cpu_limit?: string;
  memory_request?: string;
  memory_limit?: string;
}

/** One request or limit to set. */
export interface ResourceSetting {
  bucket: "requests" | "limits";
  resource: "cpu" | "memory";
  value: string;
}

/** Requests and limits of one container; null where none is set, so a rollback can remove it. */
export interface ResourceSnapshot {
  requests: { cpu: string | null; memory: string | null };
  limits: { cpu: string | null; memory: string | null };
}

const argKeys: [keyof ResourceArgs, ResourceSetting["bucket"], ResourceSetting["resource"]][] = [
  ["cpu_request", "requests", "cpu"],
  ["memory_request", "requests", "memory"],
  ["cpu_limit", "limits", "cpu"],
  ["memory_limit", "limits", "memory"],
];

/** The settings a call asks for, in a stable order. */
export function requestedSettings(args: ResourceArgs): ResourceSetting[] {
  return argKeys.flatMap(([key, bucket, resource]) => {
    const value = args[key];
    return value === undefined ? [] : [{ bucket, resource, value }];
  });
}

/**
 * The server-side apply configuration of a Deployment that sets `settings`:
 * containers merge by name and requests/limits key by key, so values not
 * named stay as they are (and with their owners).
 */
export function resourcesPatch(container: string, settings: ResourceSetting[]): { spec: Record<string, unknown> } {
  const resources: Record<string, Record<string, string>> = {};
  for (const { bucket, resource, value } of settings) resources[bucket] = { ...resources[bucket], [resource]: value };
  return { spec: { template: { spec: { containers: [{ name: container, resources }] } } } };
}

/** The managedFields paths `settings` write, e.g. ...containers[name=app].resources.limits.memory. */
export function resourceFields(container: string, settings: ResourceSetting[]): FieldPath[] {
  const base = ["f:spec", "f:template", "f:spec", "f:containers", containerKey(container), "f:resources"];
  return settings.map((s) => [...base, `f:${s.bucket}`, `f:${s.resource}`]);
}

/** The current requests and limits of a container. */
export function resourceSnapshot(resources: V1ResourceRequirements | undefined): ResourceSnapshot {
  const pick = (map: Record<string, string> | undefined, key: string): string | null => map?.[key] ?? null;
  return {
    requests: { cpu: pick(resources?.requests, "cpu"), memory: pick(resources?.requests, "memory") },
    limits: { cpu: pick(resources?.limits, "cpu"), memory: pick(resources?.limits, "memory") },
  };
}

/** One change as a human reads it: "raised memory limit of shop/web/app from 128Mi to 256Mi". */
export function describeSetting(setting: ResourceSetting, previous: string | null, target: string): string {
  const label = `${setting.resource} ${setting.bucket === "requests" ? "request" : "limit"} of ${target}`;
  if (previous === null) return `set ${label} to ${setting.value}`;
  const before = quantityValue(previous);
  const after = quantityValue(setting.value);
  if (before === undefined || after === undefined) return `changed ${label} from ${previous} to ${setting.value}`;
  if (after === before) return `kept ${label} at ${setting.value}`;
  return `${after > before ? "raised" : "lowered"} ${label} from ${previous} to ${setting.value}`;
}
