/**
 * Reading `metadata.managedFields` (fieldsV1): who owns a field, and the
 * part of an object one manager's server-side apply configuration holds.
 * Keys are as the apiserver writes them: `f:name` a field, `k:{"name":"app"}`
 * a list element by its key, `v:...` a set element, `.` the element itself.
 */
import type { V1ManagedFieldsEntry } from "@kubernetes/client-node";
import { FIELD_MANAGER } from "../../kube-access/request-guard.js";

/** A fieldsV1 tree: each key a field or list element, each value the owned part below it. */
export type FieldsV1 = { [key: string]: FieldsV1 };

/** A field as a fieldsV1 path, e.g. ["f:spec", "f:paused"]. */
export type FieldPath = readonly string[];

/** A manager that owns a field, and how it wrote it ("Apply" or "Update"). */
export interface FieldOwner {
  manager: string;
  operation: string;
}

/** The fieldsV1 path key of a container in a pod template's container list. */
export function containerKey(name: string): string {
  return `k:${JSON.stringify({ name })}`;
}

/** ".spec.template.spec.containers[name=app].resources.limits.memory": a path as humans (and kubectl's conflict messages) read it. */
export function fieldPathText(path: FieldPath): string {
  return path
    .map((key) => {
      if (key.startsWith("f:")) return `.${key.slice(2)}`;
      if (key.startsWith("k:")) {
        const parts = Object.entries(JSON.parse(key.slice(2)) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
        return `[${parts.join(",")}]`;
      }
      return `[${key}]`;
    })
    .join("");
}

function owns(fields: FieldsV1 | undefined, path: FieldPath): boolean {
  let node = fields;
  for (const key of path) {
    node = node?.[key];
    if (node === undefined) return false;
  }
  return true;
}

/** Whether an entry is kubefix's own server-side apply configuration of the main resource. */
export function isKubefixApply(entry: V1ManagedFieldsEntry): boolean {
  return entry.manager === FIELD_MANAGER && entry.operation === "Apply" && !entry.subresource;
}

/** The managers other than kubefix's apply configuration that own `path` in the main resource. */
export function fieldOwners(managedFields: readonly V1ManagedFieldsEntry[] | undefined, path: FieldPath): FieldOwner[] {
  return (managedFields ?? [])
    .filter((e) => !e.subresource && !isKubefixApply(e) && owns(e.fieldsV1 as FieldsV1 | undefined, path))
    .map((e) => ({ manager: e.manager ?? "(unknown)", operation: e.operation ?? "(unknown)" }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The part of `value` that `fields` owns: a server-side apply configuration
 * that keeps everything the manager applied before. An empty tree owns the
 * whole value.
 */
export function extractOwned(value: unknown, fields: FieldsV1): unknown {
  if (Object.keys(fields).length === 0) return value;
  if (Array.isArray(value)) return extractList(value, fields);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(fields)) {
    const name = key.startsWith("f:") ? key.slice(2) : undefined;
    if (name !== undefined && value[name] !== undefined) out[name] = extractOwned(value[name], sub);
  }
  return out;
}

function extractList(list: unknown[], fields: FieldsV1): unknown[] {
  const out: unknown[] = [];
  for (const [key, sub] of Object.entries(fields)) {
    if (key.startsWith("v:")) out.push(JSON.parse(key.slice(2)));
    if (!key.startsWith("k:")) continue;
    const id = JSON.parse(key.slice(2)) as Record<string, unknown>;
    const item = list.find((el) => isRecord(el) && Object.entries(id).every(([k, v]) => el[k] === v));
    // The key fields always go along: they say which element the rest belongs to.
    if (item !== undefined) out.push({ ...(extractOwned(item, sub) as Record<string, unknown>), ...id });
  }
  return out;
}

/** kubefix's current apply configuration of `object` (empty when it never applied to it). */
export function kubefixApplied(object: { metadata?: { managedFields?: V1ManagedFieldsEntry[] } }): Record<string, unknown> {
  const entry = object.metadata?.managedFields?.find(isKubefixApply);
  const owned = entry?.fieldsV1 ? extractOwned(object, entry.fieldsV1 as FieldsV1) : {};
  return isRecord(owned) ? owned : {};
}
